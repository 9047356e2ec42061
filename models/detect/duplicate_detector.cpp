// Duplicate money movements: the same thing paid or charged twice.
#include "core/wording.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/detector.h"
#include "detect/finding_rows.h"
#include "detect/profile_fragments.h"

namespace payops::detect {

namespace {

using db::quoteIdent;
using db::renderSql;

Finding duplicatePayouts(const DetectorContext &c)
{
    const schema::TableMap &payouts = c.profile.table(QStringLiteral("payouts"));
    QHash<QString, QString> f =
        recordFragments(c.profile, QStringLiteral("payouts"), QStringLiteral("payout"),
                        QStringLiteral("p"), c.options);
    f.insert(QStringLiteral("window"),
             QStringLiteral("interval '%1 days'").arg(c.profile.thresholds.duplicateWindowDays));
    Finding finding;
    finding.detector = QStringLiteral("duplicates");
    finding.kind = QStringLiteral("duplicate");
    finding.rowsSql = renderSql(db::sqlResource(QStringLiteral("detect/duplicate_payouts")), f);
    if (!fillFromRows(c.session, c.profile, finding))
        return finding;
    const ResultTable channels = c.session.query(
        QStringLiteral("SELECT count(DISTINCT reference) FROM (\n%1\n) AS d").arg(finding.rowsSql));
    finding.severity = Severity::High;
    finding.title = QStringLiteral("%1 paid twice (%2)")
                        .arg(counted(finding.userCount, QStringLiteral("user")),
                             finding.totals.toDisplayString());
    finding.explanation =
        QStringLiteral("%1 a payout already made to the same user for the same %2 (%3), %4 to "
                       "%5: %6 paid out twice to %7. Money that left twice may already have been "
                       "withdrawn; claw it back before the users spend it.")
            .arg(finding.rowCount == 1
                     ? QStringLiteral("1 payout repeats")
                     : QStringLiteral("%1 payouts repeat").arg(formatCount(finding.rowCount)),
                 payouts.column(QStringLiteral("reference")),
                 counted(channels.rows.value(0).value(0).toLongLong(),
                         QStringLiteral("distinct %1 value")
                             .arg(payouts.column(QStringLiteral("reference")))),
                 displayTime(finding.windowStart), displayTime(finding.windowEnd),
                 finding.totals.toDisplayString(),
                 counted(finding.userCount, QStringLiteral("user")));
    return finding;
}

Finding duplicateCharges(const DetectorContext &c)
{
    const schema::TableMap &charges = c.profile.table(QStringLiteral("charges"));
    QHash<QString, QString> f =
        recordFragments(c.profile, QStringLiteral("charges"), QStringLiteral("charge"),
                        QStringLiteral("c"), c.options);
    // A scan of a recent window looks only at orders charged in it.
    f.insert(QStringLiteral("recent_orders"),
             c.options.since.isValid() || c.options.until.isValid()
                 ? QStringLiteral("d.%1 IN (SELECT e.%1 FROM %2 AS e WHERE %3)")
                       .arg(quoteIdent(charges.column(QStringLiteral("order"))),
                            f.value(QStringLiteral("charges")),
                            windowCondition(QStringLiteral("e"),
                                            charges.column(QStringLiteral("time")), c.options))
                 : QStringLiteral("true"));
    // A polymorphic link names an order only on rows of its type.
    f.insert(QStringLiteral("charge_is_order"),
             valueCondition(charges, QStringLiteral("c"), QStringLiteral("order_type"),
                            QStringLiteral("order_type_values")));
    f.insert(QStringLiteral("order_link_d"),
             valueCondition(charges, QStringLiteral("d"), QStringLiteral("order_type"),
                            QStringLiteral("order_type_values")));
    // With the order's own total, a repeat is what goes beyond it; without
    // it, every successful charge after the first (docs/DETECTORS.md).
    const schema::TableMap &orders = c.profile.table(QStringLiteral("orders"));
    const bool byTotal = orders.isMapped() && orders.has(QStringLiteral("total"));
    if (byTotal)
        f.insert(entityFragments(c.profile, QStringLiteral("orders"), QStringLiteral("order"),
                                 QStringLiteral("o")));
    f.insert(QStringLiteral("orders"), f.value(QStringLiteral("order_table")));
    Finding finding;
    finding.detector = QStringLiteral("duplicates");
    finding.kind = QStringLiteral("duplicate");
    finding.rowsSql =
        renderSql(db::sqlResource(byTotal ? QStringLiteral("detect/duplicate_charges_beyond_total")
                                          : QStringLiteral("detect/duplicate_charges")),
                  f);
    if (!fillFromRows(c.session, c.profile, finding))
        return finding;
    finding.severity = Severity::High;
    finding.title = QStringLiteral("%1 orders charged twice (%2)")
                        .arg(formatCount(finding.rowCount), finding.totals.toDisplayString());
    finding.explanation =
        QStringLiteral("%1 money for an order that had already been paid%2, %3 to %4, from %5: "
                       "%6 charged twice.")
            .arg(finding.rowCount == 1
                     ? QStringLiteral("1 charge took")
                     : QStringLiteral("%1 charges took").arg(formatCount(finding.rowCount)),
                 byTotal ? QStringLiteral(" in full (its total, instalments added up)") : QString(),
                 displayTime(finding.windowStart), displayTime(finding.windowEnd),
                 counted(finding.userCount, QStringLiteral("user")),
                 finding.totals.toDisplayString());
    return finding;
}

} // namespace

QVector<Finding> runDuplicates(const DetectorContext &c)
{
    QVector<Finding> findings;
    if (c.profile.table(QStringLiteral("payouts")).isMapped()) {
        c.say(QStringLiteral("Payouts paid twice"));
        Finding payouts = duplicatePayouts(c);
        if (payouts.rowCount > 0)
            findings << payouts;
    }
    if (c.profile.table(QStringLiteral("charges")).has(QStringLiteral("order"))) {
        c.say(QStringLiteral("Orders charged twice"));
        Finding charges = duplicateCharges(c);
        if (charges.rowCount > 0)
            findings << charges;
    }
    return findings;
}

} // namespace payops::detect
