#include "exec/money_sources.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"

namespace payops::exec {

namespace {

// The table as the server quotes it, after checking the session may grant it.
QString grantableTable(db::Session &session, const QString &given)
{
    const QString table =
        given.contains(QLatin1Char('.')) ? given : QStringLiteral("public.") + given;
    const ResultTable found =
        session.query(db::sqlResource(QStringLiteral("exec/write_target_table")), {table});
    if (found.rowCount() == 0)
        throw UserError(QStringLiteral("There is no table %1 in this database.").arg(table),
                        QStringLiteral("Name it as schema.table; nothing was registered."));
    const QString quoted = found.value(0, QStringLiteral("table_name"));
    if (found.value(0, QStringLiteral("may_grant")) != u"t")
        throw UserError(QStringLiteral("payops allow-money needs the owner of %1 or a superuser; "
                                       "the session's role is neither.")
                            .arg(quoted),
                        QStringLiteral("Run it as the table's owner; nothing was registered."));
    return quoted;
}

void requireColumn(db::Session &session, const QString &table, const QString &column)
{
    if (column.isEmpty())
        return;
    if (session.query(db::sqlResource(QStringLiteral("exec/column_exists")), {table, column})
            .rows.value(0)
            .value(0) != u"t")
        throw UserError(QStringLiteral("%1 has no column %2.").arg(table, column),
                        QStringLiteral("Name the table's own columns; nothing was registered."));
}

} // namespace

void allowMoney(db::Session &session, const MoneySource &source)
{
    if (!QStringList{QStringLiteral("refund"), QStringLiteral("reversal"),
                     QStringLiteral("claw-back")}
             .contains(source.operation))
        throw UserError(
            QStringLiteral("The operation is refund, reversal or claw-back, not \"%1\".")
                .arg(source.operation),
            QStringLiteral("Nothing was registered."));
    const QString target = grantableTable(session, source.targetTable);
    requireColumn(session, target,
                  source.amountColumn.isEmpty() ? QStringLiteral("?") : source.amountColumn);
    requireColumn(session, target, source.currencyColumn);
    QString refunds;
    if (!source.refundsTable.isEmpty()) {
        refunds = grantableTable(session, source.refundsTable);
        requireColumn(session, refunds,
                      source.refundOfColumn.isEmpty() ? QStringLiteral("?")
                                                      : source.refundOfColumn);
        requireColumn(session, refunds,
                      source.refundAmountColumn.isEmpty() ? QStringLiteral("?")
                                                          : source.refundAmountColumn);
        requireColumn(session, refunds, source.refundStatusColumn);
    }
    QString grants = QStringLiteral("GRANT SELECT ON %1 TO payops_owner;\n").arg(target);
    if (!refunds.isEmpty())
        grants += QStringLiteral("GRANT SELECT ON %1 TO payops_owner;\n").arg(refunds);
    const auto literal = [](const QString &value) {
        return value.isEmpty() ? QStringLiteral("NULL") : db::sqlLiteral(value);
    };
    const QString registration =
        db::renderSql(db::sqlResource(QStringLiteral("exec/register_money_source")),
                      {{QStringLiteral("operation"), literal(source.operation)},
                       {QStringLiteral("table"), literal(target)},
                       {QStringLiteral("amount"), literal(source.amountColumn)},
                       {QStringLiteral("currency"), literal(source.currencyColumn)},
                       {QStringLiteral("refunds"), literal(refunds)},
                       {QStringLiteral("refund_of"), literal(source.refundOfColumn)},
                       {QStringLiteral("refund_amount"), literal(source.refundAmountColumn)},
                       {QStringLiteral("refund_status"), literal(source.refundStatusColumn)}});
    // One transaction: the grants and the registration, or nothing.
    try {
        session.executeScript(QStringLiteral("BEGIN;\n") + grants +
                              QStringLiteral("SET LOCAL ROLE payops_owner;\n") + registration +
                              QStringLiteral("\nCOMMIT;"));
    } catch (const UserError &e) {
        try {
            session.executeScript(QStringLiteral("ROLLBACK"));
        } catch (const UserError &) {
            // The connection is gone; the server rolled back.
        }
        throw UserError(QStringLiteral("The money source was not registered: %1").arg(e.problem()),
                        QStringLiteral("Run payops allow-money as the tables' owner; nothing was "
                                       "registered."));
    }
}

} // namespace payops::exec
