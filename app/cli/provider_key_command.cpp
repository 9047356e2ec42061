#include "cli/provider_key_command.h"

#include "cli/cli_keychain.h"
#include "db/session.h"
#include "exec/destination_adapter.h"
#include "exec/money_destinations.h"
#include "ops/audit_seal.h"

#include <QTextStream>

int runProviderKeyCommand(CliContext &context)
{
    QCommandLineParser parser;
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("destination"),
                      QStringLiteral("The registered destination the key is for."),
                      QStringLiteral("NAME")});
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops provider-key: store a payment provider's key (read "
                                      "from standard input) in the keychain, for one destination "
                                      "of one database; payops batch run finds it there."),
                       exitCode))
        return exitCode;
    if (!parser.isSet(QStringLiteral("destination"))) {
        context.err << "payops provider-key needs --destination NAME.\n";
        return ExitUsage;
    }
    payops::db::Session session(
        context.databaseFrom(parser), QString(),
        payops::db::SessionOptions::primaryReader(QStringLiteral("provider key")),
        QStringLiteral("payops"));
    const payops::exec::MoneyDestination destination =
        payops::exec::moneyDestination(session, parser.value(QStringLiteral("destination")));
    const QString key = QTextStream(stdin).readLine().trimmed();
    if (key.isEmpty()) {
        context.err << "Give the key on standard input (one line); nothing was stored.\n";
        return ExitUsage;
    }
    // Refused here already when it is not the registered one: a key of
    // another environment never even reaches the keychain entry.
    if (payops::exec::credentialFingerprint(key) != destination.credentialSha256) {
        context.err << "That key is not the one registered for " << destination.name << " ("
                    << destination.environment
                    << "); nothing was stored. A database owner registers a destination's key "
                       "with payops allow-money --destination.\n";
        return ExitFailure;
    }
    writeToKeychain(
        payops::exec::providerKeyName(payops::ops::readBinding(session), destination.name), key);
    context.out << "The key of " << destination.describe()
                << " is in the keychain, for this database only.\n";
    return ExitOk;
}
