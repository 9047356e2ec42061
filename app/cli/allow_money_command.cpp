#include "cli/allow_money_command.h"

#include "db/session.h"
#include "exec/money_destinations.h"
#include "exec/money_sources.h"
#include "ops/batch_review.h"

namespace {

int allowDestination(CliContext &context, const QCommandLineParser &parser)
{
    payops::exec::MoneyDestination destination;
    destination.name = parser.value(QStringLiteral("destination"));
    destination.adapter = parser.value(QStringLiteral("adapter"));
    destination.address = parser.value(QStringLiteral("address"));
    if (destination.adapter.isEmpty() || destination.address.isEmpty()) {
        context.err << "payops allow-money --destination NAME needs --adapter and --address.\n";
        return ExitUsage;
    }
    if (destination.adapter == u"http") {
        const QString key = qEnvironmentVariable("PAYOPS_PROVIDER_KEY");
        if (key.isEmpty()) {
            context.err << "An HTTP destination is registered with its key's fingerprint: put "
                           "the key in PAYOPS_PROVIDER_KEY (only its SHA-256 is stored).\n";
            return ExitUsage;
        }
        destination.credentialSha256 = payops::exec::credentialFingerprint(key);
    }
    payops::db::SessionOptions writable;
    writable.readOnly = false;
    writable.purpose = QStringLiteral("allow-money");
    payops::db::Session session(context.databaseFrom(parser), QString(), writable,
                                QStringLiteral("payops"));
    // A destination belongs to the environment the database declares (the
    // schema refuses any other): --environment only says it out loud.
    destination.environment = parser.isSet(QStringLiteral("environment"))
                                  ? parser.value(QStringLiteral("environment"))
                                  : payops::ops::batchEnvironment(session, QString());
    payops::exec::registerMoneyDestination(session, destination);
    context.out << "Money batches of this database may now go to " << destination.name << ": "
                << destination.describe() << ".\n";
    return ExitOk;
}

} // namespace

int runAllowMoneyCommand(CliContext &context)
{
    QCommandLineParser parser;
    context.addDatabaseOption(parser);
    const QList<QCommandLineOption> options = {
        {QStringLiteral("operation"), QStringLiteral("refund, reversal or claw-back."),
         QStringLiteral("OP")},
        {QStringLiteral("table"),
         QStringLiteral("The rows money is moved against (the charges refunded, the refunds "
                        "reversed, the payouts clawed back)."),
         QStringLiteral("TABLE")},
        {QStringLiteral("amount"), QStringLiteral("Its amount column, in minor units."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("currency"), QStringLiteral("Its currency column (checked per item)."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("refunds"),
         QStringLiteral("refund: the table where refunds of those rows are recorded."),
         QStringLiteral("TABLE")},
        {QStringLiteral("refund-of"), QStringLiteral("refund: its column naming the row refunded."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("refund-amount"), QStringLiteral("refund: its amount column."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("refund-status"),
         QStringLiteral("refund: its status column (rows 'failed' do not count)."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("destination"),
         QStringLiteral("Register where money goes instead: a destination's name (demo-psp)."),
         QStringLiteral("NAME")},
        {QStringLiteral("adapter"),
         QStringLiteral("destination: http (a payment provider's API; its key's SHA-256 is "
                        "registered, read from PAYOPS_PROVIDER_KEY) or file (an acquirer that "
                        "takes files)."),
         QStringLiteral("ADAPTER")},
        {QStringLiteral("address"),
         QStringLiteral("destination: the provider's base URL, or the acquirer's name."),
         QStringLiteral("ADDRESS")}};
    parser.addOptions(options);
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops allow-money: register, once and audited, what money "
                                      "corrective batches may move against which rows, so that "
                                      "the database caps each item at apply time (a database "
                                      "owner runs it)."),
                       exitCode))
        return exitCode;
    if (parser.isSet(QStringLiteral("destination")))
        return allowDestination(context, parser);
    if (!parser.isSet(QStringLiteral("operation")) || !parser.isSet(QStringLiteral("table")) ||
        !parser.isSet(QStringLiteral("amount"))) {
        context.err << "payops allow-money needs --operation, --table and --amount.\n";
        return ExitUsage;
    }
    payops::exec::MoneySource source;
    source.operation = parser.value(QStringLiteral("operation"));
    source.targetTable = parser.value(QStringLiteral("table"));
    source.amountColumn = parser.value(QStringLiteral("amount"));
    source.currencyColumn = parser.value(QStringLiteral("currency"));
    source.refundsTable = parser.value(QStringLiteral("refunds"));
    source.refundOfColumn = parser.value(QStringLiteral("refund-of"));
    source.refundAmountColumn = parser.value(QStringLiteral("refund-amount"));
    source.refundStatusColumn = parser.value(QStringLiteral("refund-status"));
    payops::db::SessionOptions writable;
    writable.readOnly = false;
    writable.purpose = QStringLiteral("allow-money");
    payops::db::Session session(context.databaseFrom(parser), QString(), writable,
                                QStringLiteral("payops"));
    payops::exec::allowMoney(session, source);
    context.out << "Corrective batches may now " << source.operation << " against "
                << source.targetTable << ", capped by its " << source.amountColumn << ".\n";
    return ExitOk;
}
