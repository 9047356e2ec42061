#include "cli/audit_command.h"

#include "cli/cli_keychain.h"
#include "core/user_error.h"
#include "db/session.h"
#include "ops/audit_seal.h"
#include "ops/audit_verifier.h"
#include "ops/migrator.h"

#include <QRandomGenerator>
#include <QTextStream>

#include <cstdio>

namespace {

// The approvers' seal key: PAYOPS_AUDIT_SEAL_KEY, else the keychain.
QByteArray sealKey()
{
    const QByteArray fromEnvironment = qgetenv(payops::ops::kSealKeyVariable).trimmed();
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return readFromKeychain(payops::ops::sealKeySecretName()).trimmed().toUtf8();
}

int runSealKey(CliContext &context, const QCommandLineParser &parser)
{
    QString key;
    if (parser.isSet(QStringLiteral("generate"))) {
        QByteArray bytes(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                              bytes.size() / 4);
        key = QString::fromLatin1(bytes.toHex());
    } else if (parser.isSet(QStringLiteral("store"))) {
        QTextStream in(stdin);
        key = in.readLine().trimmed();
    } else {
        context.err << "payops audit seal-key takes --generate or --store.\n";
        return ExitUsage;
    }
    payops::ops::requireUsableSealKey(key.toUtf8());
    writeToKeychain(payops::ops::sealKeySecretName(), key);
    if (parser.isSet(QStringLiteral("generate")))
        context.out << key << '\n';
    context.err << "The seal key is in your keychain. Give the same key to every approver "
                   "(payops audit seal-key --store reads it from standard input); never put it "
                   "in the database.\n";
    return ExitOk;
}

} // namespace

int runAuditCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("verify, seal or seal-key"));
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("seals"),
                      QStringLiteral("verify: also check every approver's seal with the seal key "
                                     "(PAYOPS_AUDIT_SEAL_KEY, else the keychain).")});
    parser.addOption({QStringLiteral("generate"),
                      QStringLiteral("seal-key: make a new key, store it in the keychain and print "
                                     "it once.")});
    parser.addOption({QStringLiteral("store"),
                      QStringLiteral("seal-key: store the key read from standard input.")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral(
                "payops audit verify: walk the hash chain of the payops audit log, check it "
                "against every head this machine has recorded (a cut or rewritten log is "
                "caught even when its hashes were recomputed), and record its head. Exit "
                "status 0 when intact, 3 when broken.\n"
                "payops audit seal: as an approver, seal the chain's head with the approvers' "
                "key (an HMAC the database's owner cannot forge).\n"
                "payops audit seal-key --generate|--store: put the approvers' key in your "
                "keychain."),
            exitCode))
        return exitCode;
    const QString action = parser.positionalArguments().value(0);
    if (action == u"seal-key")
        return runSealKey(context, parser);
    if (action != u"verify" && action != u"seal") {
        context.err << "payops audit takes verify, seal or seal-key (payops audit --help).\n";
        return ExitUsage;
    }
    payops::db::SessionOptions options;
    options.readOnly = action == u"verify";
    options.server = payops::db::Server::Primary; // the chain's head as it is now
    options.purpose = QStringLiteral("audit");
    payops::db::Session session(context.databaseFrom(parser), QString(), options,
                                QStringLiteral("payops"));
    if (payops::ops::Migrator::installedVersion(session) == 0) {
        context.err
            << "This database has no payops schema, so no audit log. A database owner installs "
               "it with: payops migrate --db URI\n";
        return ExitFailure;
    }
    if (action == u"seal") {
        const auto head = payops::ops::sealAuditHead(session, sealKey());
        context.out << "Sealed the audit chain at row " << head.seq << " (" << head.rowHash.left(16)
                    << "…).\n";
        return ExitOk;
    }
    const QByteArray key = parser.isSet(QStringLiteral("seals")) ? sealKey() : QByteArray();
    const auto verdict = payops::ops::verifyAuditChainAndHeads(
        session, payops::ops::AuditHeadLog::defaultDirectory(), key);
    (verdict.intact ? context.out : context.err) << verdict.message() << '\n';
    return verdict.intact ? ExitOk : ExitFindings;
}
