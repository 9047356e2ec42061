#include "workspace/money_finding.h"

#include "core/finding.h"
#include "db/sql_text.h"
#include "schema/schema_profile.h"

namespace payops::workspace {

namespace {

using db::qualifiedTable;
using db::quoteIdent;

// The titles' words as models/detect/invariant_detector.cpp writes them
// ("475 new subscriptions on closed accounts (73,271.36 USD)"): the
// invariants detector makes several findings of one kind, and only its
// title says which rule each one is.
const QString kSubscriptionsOnClosed = QStringLiteral("new subscriptions on closed accounts");
const QString kChargesOnClosed = QStringLiteral("charges on closed accounts");
const QString kNonProductionRefunds = QStringLiteral("refunds issued by a non-production source");
// The duplicates detector's payouts finding ("70 users paid twice (...)",
// models/detect/duplicate_detector.cpp); its orders finding is another.
const QString kPaidTwice = QStringLiteral("users paid twice");

QString ofRows(const QString &column, const QString &rowsSql)
{
    return QStringLiteral("SELECT f.row_key AS %1\nFROM (\n%2\n) AS f").arg(column, rowsSql);
}

// The charges of the subscriptions the rows name: the payments of their
// orders. The profile maps a charge's order (charges.order) and the
// orders' key, but has no role for an order's subscription: the column is
// the demo's subscription_id, which an operator can edit in the wizard.
QString chargesOfSubscriptions(const QString &rowsSql, const schema::SchemaProfile &profile)
{
    const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
    const schema::TableMap &orders = profile.table(QStringLiteral("orders"));
    if (!charges.has(QStringLiteral("order")) || !orders.isMapped())
        // Never a subscription's key taken for a charge's: nothing is
        // picked until the operator writes the join.
        return QStringLiteral("-- The schema profile maps no order of a charge (charges.order):\n"
                              "-- write how these subscriptions lead to their charges.\n"
                              "SELECT NULL::text AS charge\nFROM (\n%1\n) AS f")
            .arg(rowsSql);
    return QStringLiteral("SELECT c.%1 AS charge\n"
                          "FROM %2 AS c\n"
                          "JOIN %3 AS o ON o.%4 = c.%5\n"
                          "WHERE o.%6 IN (SELECT f.row_key FROM (\n%7\n) AS f)")
        .arg(quoteIdent(charges.column(QStringLiteral("key"))),
             qualifiedTable(profile.schema, charges.table),
             qualifiedTable(profile.schema, orders.table),
             quoteIdent(orders.column(QStringLiteral("key"))),
             quoteIdent(charges.column(QStringLiteral("order"))),
             quoteIdent(QStringLiteral("subscription_id")), rowsSql);
}

// A burst or leak of the refunds stream that one non-production source
// explains ("source_env = staging"): its rows are those refunds.
bool isNonProductionRefundStream(const Finding &finding, const schema::SchemaProfile &profile)
{
    const schema::TableMap &refunds = profile.table(QStringLiteral("refunds"));
    if (finding.detector != u"streams" || (finding.kind != u"burst" && finding.kind != u"leak") ||
        !refunds.has(QStringLiteral("source")))
        return false;
    const QString column = finding.dimension.section(QStringLiteral(" = "), 0, 0);
    const QString value = finding.dimension.section(QStringLiteral(" = "), 1);
    const QStringList production = refunds.values.value(QStringLiteral("production_values"));
    if (column != refunds.column(QStringLiteral("source")) || value.isEmpty() ||
        production.isEmpty() || production.contains(value))
        return false;
    // The stream is the refunds table's, keyed by the refund (stream_rows.sql).
    return finding.rowsSql.contains(
               QStringLiteral("FROM %1 AS t").arg(qualifiedTable(profile.schema, refunds.table))) &&
           finding.rowsSql.contains(QStringLiteral("t.%1 AS row_key")
                                        .arg(quoteIdent(refunds.column(QStringLiteral("key")))));
}

// A claw-back needs what an investor holds and what moves it, besides the payouts.
bool mapsClawbacks(const schema::SchemaProfile &profile)
{
    return profile.table(QStringLiteral("payouts")).isMapped() &&
           profile.table(QStringLiteral("balances")).isMapped() &&
           profile.table(QStringLiteral("balance_movements")).isMapped();
}

} // namespace

std::optional<MoneyFromFinding> moneyFromFinding(const Finding &finding,
                                                 const schema::SchemaProfile &profile)
{
    if (finding.rowsSql.isEmpty())
        return std::nullopt;
    if (finding.detector == u"invariants" && finding.kind == u"invariant") {
        if (finding.title.contains(kSubscriptionsOnClosed))
            return MoneyFromFinding{MoneyOperation::Refund,
                                    chargesOfSubscriptions(finding.rowsSql, profile)};
        if (finding.title.contains(kChargesOnClosed))
            return MoneyFromFinding{MoneyOperation::Refund,
                                    ofRows(QStringLiteral("charge"), finding.rowsSql)};
        if (finding.title.contains(kNonProductionRefunds))
            return MoneyFromFinding{MoneyOperation::Reversal,
                                    ofRows(QStringLiteral("refund"), finding.rowsSql)};
        return std::nullopt;
    }
    if (finding.detector == u"duplicates" && finding.kind == u"duplicate" &&
        finding.title.contains(kPaidTwice) && mapsClawbacks(profile))
        return MoneyFromFinding{MoneyOperation::Clawback,
                                ofRows(QStringLiteral("payout"), finding.rowsSql)};
    if (isNonProductionRefundStream(finding, profile))
        return MoneyFromFinding{MoneyOperation::Reversal,
                                ofRows(QStringLiteral("refund"), finding.rowsSql)};
    return std::nullopt;
}

QString moneyRowsTemplate(MoneyOperation operation, const schema::SchemaProfile &profile)
{
    const QString entity = operation == MoneyOperation::Refund     ? QStringLiteral("charges")
                           : operation == MoneyOperation::Reversal ? QStringLiteral("refunds")
                                                                   : QStringLiteral("payouts");
    const QString column = operation == MoneyOperation::Refund     ? QStringLiteral("charge")
                           : operation == MoneyOperation::Reversal ? QStringLiteral("refund")
                                                                   : QStringLiteral("payout");
    const QString verb = operation == MoneyOperation::Refund     ? QStringLiteral("refund")
                         : operation == MoneyOperation::Reversal ? QStringLiteral("reverse")
                                                                 : QStringLiteral("claw back");
    const schema::TableMap &map = profile.table(entity);
    if (!map.isMapped())
        return QStringLiteral("SELECT NULL::text AS %1").arg(column);
    return QStringLiteral("-- Any read-only query whose \"%1\" column holds the keys of the %2s\n"
                          "-- to %3; edit the condition.\n"
                          "SELECT x.%4 AS %1\nFROM %5 AS x\nWHERE false")
        .arg(column, column, verb, quoteIdent(map.column(QStringLiteral("key"))),
             qualifiedTable(profile.schema, map.table));
}

} // namespace payops::workspace
