// Invariant violations: rows that should never exist whatever the volume.
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

QString spanText(const Finding &f)
{
    return QStringLiteral("between %1 and %2")
        .arg(displayTime(f.windowStart), displayTime(f.windowEnd));
}

// Charges or new subscriptions on accounts closed before them.
Finding onClosedAccounts(const DetectorContext &c, const QString &entity, const QString &noun)
{
    const schema::TableMap &subject = c.profile.table(entity);
    QHash<QString, QString> f = accountFragments(c.profile);
    f.insert(entityFragments(c.profile, entity, QStringLiteral("subject"), QStringLiteral("c")));
    f.insert(QStringLiteral("subject"), f.value(QStringLiteral("subject_table")));
    f.insert(windowFragments(c.options));
    f.insert(QStringLiteral("subject_succeeded"),
             subject.values.contains(QStringLiteral("succeeded_values"))
                 ? QStringLiteral("\n  AND ") + valueCondition(subject, QStringLiteral("c"),
                                                               QStringLiteral("status"),
                                                               QStringLiteral("succeeded_values"))
                 : QString());
    Finding finding;
    finding.detector = QStringLiteral("invariants");
    finding.kind = QStringLiteral("invariant");
    finding.rowsSql =
        renderSql(db::sqlResource(QStringLiteral("detect/charges_on_closed_accounts")), f);
    if (!fillFromRows(c.session, c.profile, finding))
        return finding;
    finding.severity = Severity::High;
    finding.title = QStringLiteral("%1 %2 on closed accounts (%3)")
                        .arg(formatCount(finding.rowCount), noun, finding.totals.toDisplayString());
    finding.explanation =
        QStringLiteral("%1 %2 were made on %3 after those accounts had been closed or "
                       "deleted, %4, for %5. Nobody should be charged once they have left: these "
                       "users are owed their money back, and whatever made the %2 is matching the "
                       "wrong accounts.")
            .arg(formatCount(finding.rowCount), noun,
                 counted(finding.userCount, QStringLiteral("account")), spanText(finding),
                 finding.totals.isEmpty() ? QStringLiteral("no amount")
                                          : finding.totals.toDisplayString());
    return finding;
}

QString ruleWords(const QString &rule)
{
    if (rule == u"non_production_source")
        return QStringLiteral("issued by a non-production source");
    if (rule == u"charge_missing")
        return QStringLiteral("of charges that do not exist");
    if (rule == u"above_charge")
        return QStringLiteral("larger than the charge they refund");
    return QStringLiteral("of charges that never took money");
}

QVector<Finding> refundFindings(const DetectorContext &c)
{
    const schema::TableMap &refunds = c.profile.table(QStringLiteral("refunds"));
    const schema::TableMap &charges = c.profile.table(QStringLiteral("charges"));
    QHash<QString, QString> f =
        recordFragments(c.profile, QStringLiteral("refunds"), QStringLiteral("refund"),
                        QStringLiteral("r"), c.options);
    f.insert(recordFragments(c.profile, QStringLiteral("charges"), QStringLiteral("charge"),
                             QStringLiteral("c"), c.options));
    const bool hasSource = refunds.has(QStringLiteral("source"));
    f.insert(QStringLiteral("refund_source"),
             hasSource
                 ? QStringLiteral("r.") + quoteIdent(refunds.column(QStringLiteral("source"))) +
                       QStringLiteral("::text")
                 : QStringLiteral("NULL::text"));
    f.insert(QStringLiteral("non_production"),
             hasSource ? QStringLiteral("NOT (coalesce(") +
                             valueCondition(refunds, QStringLiteral("r"), QStringLiteral("source"),
                                            QStringLiteral("production_values")) +
                             QStringLiteral(", false))")
                       : QStringLiteral("false"));
    QStringList notTaken;
    if (charges.values.contains(QStringLiteral("succeeded_values")))
        notTaken << QStringLiteral("NOT ") + valueCondition(charges, QStringLiteral("c"),
                                                            QStringLiteral("status"),
                                                            QStringLiteral("succeeded_values"));
    f.insert(QStringLiteral("charge_not_taken"),
             notTaken.isEmpty() ? QStringLiteral("false") : notTaken.join(QStringLiteral(" OR ")));
    const QString allRows =
        renderSql(db::sqlResource(QStringLiteral("detect/refund_invariants")), f);

    // One pass over the violating refunds gives every rule's counts,
    // totals, span and sources; each rule with rows becomes a finding.
    struct RuleSummary
    {
        Finding finding;
        QStringList sources;
    };
    QMap<QString, RuleSummary> rules;
    const ResultTable summary = c.session.query(
        QStringLiteral(
            "SELECT rule, currency, source, count(*), count(DISTINCT user_id), "
            "coalesce(sum(amount_minor), 0), min(at), max(at), GROUPING(currency, source)\n"
            "FROM (\n%1\n) AS v\nGROUP BY GROUPING SETS ((rule), (rule, currency), (rule, "
            "source))\n"
            "ORDER BY rule, 4 DESC")
            .arg(allRows));
    for (const auto &row : summary.rows) {
        RuleSummary &rule = rules[row[0]];
        Finding &finding = rule.finding;
        const int mask = row[8].toInt();
        if (mask == 3) { // the rule's own row
            finding.rowCount = row[3].toLongLong();
            finding.userCount = row[4].toLongLong();
            finding.windowStart = parseUtc(row[6]);
            finding.windowEnd = parseUtc(row[7]);
        } else if (mask == 1) { // per currency
            if (!row[1].isNull())
                finding.totals.add(row[1].trimmed(), Money::parseMinor(row[5], row[1].trimmed()));
        } else if (rule.sources.size() < 3) { // per source, most refunds first
            rule.sources << QStringLiteral("%1 (%2)").arg(
                row[2].isNull() ? QStringLiteral("no source") : row[2],
                formatCount(row[3].toLongLong()));
        }
    }

    QVector<Finding> findings;
    for (auto it = rules.begin(); it != rules.end(); ++it) {
        const QString &rule = it.key();
        Finding &finding = it.value().finding;
        finding.detector = QStringLiteral("invariants");
        finding.kind = QStringLiteral("invariant");
        finding.rowsSql = QStringLiteral("SELECT * FROM (\n%1\n) AS v WHERE v.rule = %2")
                              .arg(allRows, db::sqlLiteral(rule));
        finding.summarySql = summarySqlFor(finding.rowsSql);
        finding.usersSql = usersSqlFor(finding.rowsSql, c.profile);
        finding.severity = rule == u"charge_not_taken" ? Severity::Medium : Severity::High;
        finding.title = QStringLiteral("%1 refunds %2 (%3)")
                            .arg(formatCount(finding.rowCount), ruleWords(rule),
                                 finding.totals.toDisplayString());
        const QString sources =
            rule == u"non_production_source"
                ? QStringLiteral(" The sources: %1; production is %2.")
                      .arg(it.value().sources.join(QStringLiteral(", ")),
                           refunds.values.value(QStringLiteral("production_values"))
                               .join(QStringLiteral(" or ")))
                : QString();
        finding.explanation =
            QStringLiteral("%1 %2 %3 issued %4, returning %5 to %6.%7 Money left the business "
                           "that no production process decided to return.")
                .arg(counted(finding.rowCount, QStringLiteral("refund")), ruleWords(rule),
                     finding.rowCount == 1 ? QStringLiteral("was") : QStringLiteral("were"),
                     spanText(finding), finding.totals.toDisplayString(),
                     counted(finding.userCount, QStringLiteral("user")), sources);
        findings << finding;
    }
    return findings;
}

} // namespace

QVector<Finding> runInvariants(const DetectorContext &c)
{
    QVector<Finding> findings;
    const schema::TableMap &accounts = c.profile.table(QStringLiteral("accounts"));
    const bool closable = accounts.values.contains(QStringLiteral("closed_values")) ||
                          accounts.has(QStringLiteral("soft_delete"));
    if (closable) {
        c.say(QStringLiteral("Charges on closed accounts"));
        Finding charges = onClosedAccounts(c, QStringLiteral("charges"), QStringLiteral("charges"));
        if (charges.rowCount > 0)
            findings << charges;
        if (c.profile.table(QStringLiteral("subscriptions")).isMapped()) {
            c.say(QStringLiteral("New subscriptions on closed accounts"));
            Finding subs = onClosedAccounts(c, QStringLiteral("subscriptions"),
                                            QStringLiteral("new subscriptions"));
            if (subs.rowCount > 0)
                findings << subs;
        }
    }
    if (c.profile.table(QStringLiteral("refunds")).isMapped()) {
        c.say(QStringLiteral("Refund invariants"));
        findings << refundFindings(c);
    }
    return findings;
}

} // namespace payops::detect
