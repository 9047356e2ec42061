#include "cli/allow_money_command.h"

#include "db/session.h"
#include "exec/money_sources.h"

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
         QStringLiteral("COLUMN")}};
    parser.addOptions(options);
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops allow-money: register, once and audited, what money "
                                      "corrective batches may move against which rows, so that "
                                      "the database caps each item at apply time (a database "
                                      "owner runs it)."),
                       exitCode))
        return exitCode;
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
