// Share jumps: a value of a column whose daily share suddenly rises far
// above its usual share (nearly every conversation "closed" overnight).
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/anomaly_math.h"
#include "detect/detector.h"
#include "detect/finding_rows.h"
#include "detect/profile_fragments.h"

#include <QTimeZone>

namespace payops::detect {

namespace {

constexpr qint64 kDay = 86400;

QDateTime dayStart(qint64 day)
{
    return QDateTime::fromSecsSinceEpoch(day * kDay, QTimeZone::utc());
}

QString percent(double share)
{
    return QString::number(100 * share, 'f', 0) + QLatin1Char('%');
}

} // namespace

QVector<Finding> runShareJumps(const DetectorContext &c)
{
    using db::quoteIdent;
    const schema::Thresholds &t = c.profile.thresholds;
    QVector<Finding> findings;
    for (const schema::ShareCheck &check : c.profile.shareChecks) {
        c.say(QStringLiteral("Checking the mix of %1").arg(check.name));
        const QString table = db::qualifiedTable(c.profile.schema, check.table);
        const QString time = quoteIdent(check.time);
        // A recent window still needs its baseline days before it.
        const QString window =
            c.options.since.isValid()
                ? QStringLiteral("t.%1 >= %2 AND t.%1 < %3")
                      .arg(time, db::timeLiteral(c.options.since.addDays(-(t.baselineDays + 1))),
                           db::untilLiteral(c.options.until))
                : QStringLiteral("true");
        const ResultTable rows =
            c.session.query(db::renderSql(db::sqlResource(QStringLiteral("detect/daily_mix")),
                                          {{QStringLiteral("time"), time},
                                           {QStringLiteral("column"), quoteIdent(check.column)},
                                           {QStringLiteral("table"), table},
                                           {QStringLiteral("window"), window}}));
        DailyMix days;
        for (const auto &row : rows.rows)
            days[parseUtc(row[0]).toSecsSinceEpoch() / kDay]
                [row[1].isNull() ? noValueWord() : row[1]] += row[2].toDouble();
        const qint64 judgeFrom =
            c.options.since.isValid() ? c.options.since.toSecsSinceEpoch() / kDay : 0;
        for (const ShareJump &jump : findShareJumps(days, judgeFrom, t)) {
            if (c.options.until.isValid() && dayStart(jump.firstDay) >= c.options.until)
                continue; // after the judged window
            Finding f;
            f.detector = QStringLiteral("shares");
            f.kind = QStringLiteral("share_jump");
            f.dimension = check.column + QStringLiteral(" = ") + jump.value;
            f.rowsSql = columnRowsSql(
                c.profile, check,
                QStringLiteral("t.%1 >= %2 AND t.%1 < %3\n  AND %4")
                    .arg(time, db::timeLiteral(dayStart(jump.firstDay)),
                         db::timeLiteral(dayStart(jump.lastDay + 1)),
                         dimensionValueCondition(QStringLiteral("t"), check.column, jump.value)));
            fillFromRows(c.session, c.profile, f);
            // A shift of the mix is a question, not a loss: the checks that
            // know what must never happen raise the high findings.
            f.severity = Severity::Medium;
            const int dayCount = int(jump.lastDay - jump.firstDay + 1);
            f.title =
                QStringLiteral("Share of %1 = %2 jumped to %3 (usually %4)")
                    .arg(check.column, jump.value, percent(jump.share), percent(jump.usualShare));
            f.explanation =
                QStringLiteral(
                    "On the %1 day%2 from %3, %4 of the rows of %6 (%5) had %7 = %8, where "
                    "the previous %9 days had %10. A mix that shifts overnight is usually data "
                    "written by something new (a migration, a job pointed at the wrong "
                    "database), not by customers.")
                    .arg(dayCount)
                    .arg(dayCount == 1 ? QString() : QStringLiteral("s"))
                    .arg(dayStart(jump.firstDay).toString(QStringLiteral("yyyy-MM-dd")),
                         percent(jump.share), check.name, check.table, check.column, jump.value)
                    .arg(t.baselineDays)
                    .arg(percent(jump.usualShare));
            for (auto d = days.lowerBound(jump.firstDay - 14);
                 d != days.cend() && d.key() <= jump.lastDay + 7; ++d)
                f.series.append({dayStart(d.key()), d.value().value(jump.value), -1, 0, 0,
                                 d.key() >= jump.firstDay && d.key() <= jump.lastDay});
            f.bucketSeconds = int(kDay);
            findings << f;
        }
    }
    return findings;
}

} // namespace payops::detect
