#include "detect/orphan_detector.h"

#include "core/result_table.h"
#include "core/wording.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/finding_rows.h"
#include "detect/profile_fragments.h"

#include <QTimeZone>

namespace payops::detect {

QString OrphanDetector::rowsSql(const schema::SchemaProfile &profile, const ScanOptions &options)
{
    QHash<QString, QString> f = accountFragments(profile);
    f.insert(entityFragments(profile, QStringLiteral("charges"), QStringLiteral("charge"),
                             QStringLiteral("c")));
    f.insert(QStringLiteral("charges"), f.value(QStringLiteral("charge_table")));
    const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
    const schema::TableMap &orders = profile.table(QStringLiteral("orders"));
    const bool checkOrders = charges.has(QStringLiteral("order")) && orders.isMapped();
    f.insert(QStringLiteral("charge_order"),
             charges.has(QStringLiteral("order"))
                 ? QStringLiteral("c.") + db::quoteIdent(charges.column(QStringLiteral("order")))
                 : QStringLiteral("NULL"));
    // Without a window, no time test at all: the anti-joins then need only
    // the key indexes, not the rows.
    for (const QString &alias : {QStringLiteral("c"), QStringLiteral("p")})
        f.insert(QStringLiteral("recent_") + alias,
                 windowCondition(alias, charges.column(QStringLiteral("time")), options));
    QString orderPart;
    if (checkOrders) {
        QHash<QString, QString> o = f;
        o.insert(QStringLiteral("charge_order_column"),
                 db::quoteIdent(charges.column(QStringLiteral("order"))));
        o.insert(QStringLiteral("orders"), db::qualifiedTable(profile.schema, orders.table));
        o.insert(QStringLiteral("order_key"), db::quoteIdent(orders.column(QStringLiteral("key"))));
        // A polymorphic link: a charge for something else has no order.
        o.insert(QStringLiteral("charge_is_order"),
                 valueCondition(charges, QStringLiteral("c"), QStringLiteral("order_type"),
                                QStringLiteral("order_type_values")));
        orderPart = QStringLiteral("\n") +
                    db::renderSql(db::sqlResource(QStringLiteral("detect/orphans_order_part")), o);
    }
    f.insert(QStringLiteral("order_part"), orderPart);
    return db::renderSql(db::sqlResource(QStringLiteral("detect/orphans")), f);
}

QString OrphanDetector::summarySql(const schema::SchemaProfile &profile, const ScanOptions &options)
{
    // One pass over the orphans; the empty grouping set gives the overall
    // row with the distinct users. Owners of sentinel-parked payments are
    // gone from live data, so they are not counted as users here.
    return QStringLiteral(
               "WITH orphans AS (\n%1\n)\n"
               "SELECT reason, currency, count(*) AS payments, sum(amount_minor) AS amount_minor,\n"
               "       count(DISTINCT user_id) FILTER (WHERE reason <> 'parked_on_sentinel') AS "
               "users,\n"
               "       min(at) AS first_at, max(at) AS last_at\n"
               "FROM orphans\n"
               "GROUP BY GROUPING SETS ((reason, currency), ())\n"
               "ORDER BY reason NULLS FIRST, currency")
        .arg(rowsSql(profile, options));
}

OrphanDetector::Result OrphanDetector::run(db::Session &session,
                                           const schema::SchemaProfile &profile,
                                           const ScanOptions &options)
{
    Result result = fromSummaryRows(session.query(summarySql(profile, options)).rows);
    result.finding.rowsSql = rowsSql(profile, options);
    result.finding.summarySql = summarySql(profile, options);
    result.finding.usersSql = usersSqlFor(result.finding.rowsSql, profile);
    return result;
}

static QString reasonPhrase(const QString &reason)
{
    if (reason == u"order_missing")
        return QStringLiteral("whose order does not exist");
    if (reason == u"account_missing")
        return QStringLiteral("whose account does not exist");
    if (reason == u"account_deleted")
        return QStringLiteral("whose account is deleted");
    if (reason == u"parked_on_sentinel")
        return QStringLiteral("parked on the sentinel \"deleted accounts\" account");
    return reason;
}

OrphanDetector::Result OrphanDetector::fromSummaryRows(const QVector<QVector<QString>> &rows)
{
    Result result;
    Finding &f = result.finding;
    f.detector = QStringLiteral("orphans");
    f.kind = QStringLiteral("orphans");
    for (const auto &row : rows) {
        const QString reason = row.value(0);
        if (reason.isNull()) { // the grand-total row of the empty grouping set
            f.rowCount = row.value(2).toLongLong();
            f.userCount = row.value(4).toLongLong();
            f.windowStart = parseUtc(row.value(5));
            f.windowEnd = parseUtc(row.value(6));
            continue;
        }
        const QString currency = row.value(1);
        const qint64 count = row.value(2).toLongLong();
        const qint64 amount = Money::parseMinor(row.value(3), currency);
        result.byReason[reason].payments += count;
        result.byReason[reason].totals.add(currency, amount);
        f.totals.add(currency, amount);
    }

    if (f.rowCount == 0) {
        f.severity = Severity::Info;
        f.title = QStringLiteral("No orphaned payments");
        f.explanation = QStringLiteral("Every payment has an existing order and a real account.");
        return result;
    }
    const qint64 parked = result.byReason.value(QStringLiteral("parked_on_sentinel")).payments;
    // Payments parked on the sentinel mean accounts were deleted while they
    // still had money attached: the signature of the account-deletion incident.
    f.severity = parked > 0 ? Severity::High : Severity::Medium;
    f.title = QStringLiteral("%1 orphaned payments (%2)")
                  .arg(formatCount(f.rowCount), f.totals.toDisplayString());
    QStringList parts;
    for (auto it = result.byReason.cbegin(); it != result.byReason.cend(); ++it)
        parts << QStringLiteral("%1 %2 (%3)")
                     .arg(formatCount(it.value().payments), reasonPhrase(it.key()),
                          it.value().totals.toDisplayString());
    f.explanation =
        QStringLiteral("%1 payments have no valid owner: %2. They belong to %3; "
                       "the owners of payments parked on the sentinel account were "
                       "deleted and can be named only from a backup. Created between %4 and %5.")
            .arg(formatCount(f.rowCount), parts.join(QStringLiteral("; ")),
                 counted(f.userCount, QStringLiteral("identifiable user")),
                 f.windowStart.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                 f.windowEnd.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return result;
}

} // namespace payops::detect
