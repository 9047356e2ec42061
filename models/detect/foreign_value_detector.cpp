// Foreign values: values that exist nowhere in their reference list.
#include "core/wording.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/detector.h"
#include "detect/finding_rows.h"
#include "detect/profile_fragments.h"

namespace payops::detect {

QVector<Finding> runForeignValues(const DetectorContext &c)
{
    using db::quoteIdent;
    QVector<Finding> findings;
    for (const schema::ValueCheck &check : c.profile.valueChecks) {
        c.say(QStringLiteral("Checking %1").arg(check.name));
        const QString column = QStringLiteral("t.") + quoteIdent(check.column);
        Finding finding;
        finding.detector = QStringLiteral("foreign_values");
        finding.kind = QStringLiteral("foreign_value");
        finding.rowsSql = columnRowsSql(
            c.profile, check,
            QStringLiteral("%1\n  AND %2 IS NOT NULL\n  AND NOT EXISTS (SELECT 1 FROM %3 "
                           "AS k WHERE k.%4::text = %2::text)")
                .arg(windowCondition(QStringLiteral("t"), check.time, c.options), column,
                     db::qualifiedTable(c.profile.schema, check.knownTable),
                     quoteIdent(check.knownColumn)));
        if (!fillFromRows(c.session, c.profile, finding))
            continue;
        const ResultTable top =
            c.session.query(QStringLiteral("SELECT value, count(*), min(at) FROM (\n%1\n) AS v "
                                           "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5")
                                .arg(finding.rowsSql));
        QStringList values;
        for (const auto &row : top.rows)
            values << QStringLiteral("\"%1\" (%2)").arg(row[0], formatCount(row[1].toLongLong()));
        finding.severity = finding.rowCount >= 100 ? Severity::High : Severity::Medium;
        finding.dimension = QStringLiteral("%1 not in %2.%3")
                                .arg(check.column, check.knownTable, check.knownColumn);
        finding.title = QStringLiteral("%1 of %2 %3 unknown to %4 (%5)")
                            .arg(counted(finding.rowCount, QStringLiteral("row")), check.table,
                                 finding.rowCount == 1 ? QStringLiteral("holds a value")
                                                       : QStringLiteral("hold values"),
                                 check.knownTable, check.name);
        finding.explanation =
            QStringLiteral("%1 of %2 %3 written between %4 and %5 with %6 that does not exist "
                           "in %7.%8: %9. Values that exist nowhere in production usually came "
                           "from another data set (a test or staging database) and overwrote "
                           "real ones; %10 affected.")
                .arg(counted(finding.rowCount, QStringLiteral("row")), check.table,
                     finding.rowCount == 1 ? QStringLiteral("was") : QStringLiteral("were"),
                     displayTime(finding.windowStart), displayTime(finding.windowEnd),
                     withArticle(check.column), check.knownTable, check.knownColumn,
                     values.join(QStringLiteral(", ")))
                .arg(finding.userCount == 1
                         ? QStringLiteral("1 user is")
                         : QStringLiteral("%1 users are").arg(formatCount(finding.userCount)));
        findings << finding;
    }
    return findings;
}

} // namespace payops::detect
