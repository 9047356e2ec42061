// Mass-change anomalies in the profile's event streams: bursts (hourly),
// slow leaks (daily CUSUM) and silences (daily, per value). Counting is one
// SQL pass per stream (resources/sql/detect/stream_buckets.sql); judging is
// the pure code of anomaly_math.
#include "core/wording.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/anomaly_math.h"
#include "detect/detector.h"
#include "detect/finding_rows.h"
#include "detect/profile_fragments.h"

#include <QMap>
#include <QTimeZone>

#include <cmath>

namespace payops::detect {

namespace {

using db::quoteIdent;
using schema::Stream;

constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 86400;
constexpr double kMinLift = 1.25; // share in the window over share in the baseline

// Hourly counts of one stream: the total and each dimension value's.
struct StreamCounts
{
    QMap<qint64, double> total;                            // hour -> events
    QVector<QHash<QString, QMap<qint64, double>>> byValue; // dimension -> value -> hour -> events
    qint64 firstHour = 0;
    qint64 lastHour = -1;
    QVector<std::pair<qint64, qint64>> knownHours; // [from, to) ranges the query read
};

// The time ranges a --since scan reads: the judged hours, and the same
// hours on each baseline day and one month before, so the cost follows the
// window and not the table.
QVector<std::pair<qint64, qint64>> sampledHourRanges(const ScanOptions &o,
                                                     const schema::Thresholds &t)
{
    const qint64 from = o.since.toSecsSinceEpoch() / kHour;
    const qint64 to = (o.until.toSecsSinceEpoch() + kHour - 1) / kHour;
    QVector<std::pair<qint64, qint64>> ranges = {{from, to}};
    for (int d = 1; d <= t.baselineDays; ++d)
        ranges.append({from - 24 * d, to - 24 * d});
    const qint64 monthBack =
        (o.since.toSecsSinceEpoch() - o.since.addMonths(-1).toSecsSinceEpoch()) / kHour;
    ranges.append({from - monthBack, to - monthBack});
    std::sort(ranges.begin(), ranges.end());
    QVector<std::pair<qint64, qint64>> merged;
    for (const auto &r : ranges) {
        if (!merged.isEmpty() && r.first <= merged.last().second)
            merged.last().second = std::max(merged.last().second, r.second);
        else
            merged.append(r);
    }
    return merged;
}

QString hourLiteralArray(const QVector<std::pair<qint64, qint64>> &ranges, bool starts)
{
    QStringList items;
    for (const auto &r : ranges)
        items << db::timeLiteral(
            QDateTime::fromSecsSinceEpoch((starts ? r.first : r.second) * kHour, QTimeZone::utc()));
    return QStringLiteral("ARRAY[") + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString dimensionExpression(const QString &column)
{
    return QStringLiteral("t.") + quoteIdent(column) + QStringLiteral("::text");
}

QString filterFragment(const Stream &s)
{
    if (s.whereColumn.isEmpty())
        return {};
    return QStringLiteral("\n  AND t.") + quoteIdent(s.whereColumn) +
           QStringLiteral("::text IN (") + db::sqlLiteralList(s.whereValues) + QLatin1Char(')');
}

StreamCounts countStream(const DetectorContext &c, const Stream &s)
{
    const schema::Thresholds &t = c.profile.thresholds;
    const QString table = db::qualifiedTable(c.profile.schema, s.table);
    const QString time = quoteIdent(s.time);
    const QString currency = currencyExpression(QStringLiteral("t"), s.currency, s.fixedCurrency);
    QString columns, names, inner = QStringLiteral("1, 2"),
                            sets = QStringLiteral("(bucket, currency)");
    for (int i = 0; i < s.dimensions.size(); ++i) {
        columns += QStringLiteral(",\n           %1 AS d%2")
                       .arg(dimensionExpression(s.dimensions[i]))
                       .arg(i);
        names += QStringLiteral(", d%1").arg(i);
        inner += QStringLiteral(", %1").arg(i + 3);
        sets += QStringLiteral(", (bucket, d%1)").arg(i);
    }
    StreamCounts counts;
    counts.byValue.resize(s.dimensions.size());
    QString source = table + QStringLiteral(" AS t");
    QString window = QStringLiteral("true");
    const bool daily = s.leak || s.silence;
    if (c.options.since.isValid() && !daily) {
        counts.knownHours = sampledHourRanges(c.options, t);
        // LATERAL with OFFSET 0 (which keeps the planner from flattening
        // it): each range is read on its own through the time index, never
        // by one scan of the table filtered against all the ranges.
        source = QStringLiteral("unnest(%1, %2) AS r (lo, hi)\n"
                                "CROSS JOIN LATERAL (SELECT * FROM %3 AS t WHERE t.%4 >= r.lo AND "
                                "t.%4 < r.hi OFFSET 0) AS t")
                     .arg(hourLiteralArray(counts.knownHours, true),
                          hourLiteralArray(counts.knownHours, false), table, time);
    } else if (c.options.since.isValid()) {
        const QDateTime from = c.options.since.addDays(-(t.baselineDays + 2));
        window = QStringLiteral("t.%1 >= %2 AND t.%1 < %3")
                     .arg(time, db::timeLiteral(from), db::untilLiteral(c.options.until));
        counts.knownHours = {
            {from.toSecsSinceEpoch() / kHour, c.options.until.toSecsSinceEpoch() / kHour + 1}};
    }
    const QString sql =
        db::renderSql(db::sqlResource(QStringLiteral("detect/stream_buckets")),
                      {{QStringLiteral("time"), time},
                       {QStringLiteral("currency"), currency},
                       {QStringLiteral("dimension_columns"), columns},
                       {QStringLiteral("dimension_names"), names},
                       {QStringLiteral("inner_group"), inner},
                       {QStringLiteral("amount"),
                        s.amount.isEmpty() ? QStringLiteral("0::bigint")
                                           : QStringLiteral("t.") + quoteIdent(s.amount)},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("window"), window},
                       {QStringLiteral("filter"), filterFragment(s)},
                       {QStringLiteral("grouping_sets"), sets}});
    const ResultTable rows = c.session.query(sql);
    const int n = int(s.dimensions.size());
    const int currencySetMask = (1 << n) - 1;
    bool any = false;
    for (const auto &row : rows.rows) {
        // bucket, currency, d0..dn-1, grouping_mask, events, amount_minor
        const qint64 hour = parseUtc(row[0]).toSecsSinceEpoch() / kHour;
        const int mask = row[2 + n].toInt();
        const double events = row[3 + n].toDouble();
        if (mask == currencySetMask) {
            counts.total[hour] += events;
            if (!any || hour < counts.firstHour)
                counts.firstHour = hour;
            if (!any || hour > counts.lastHour)
                counts.lastHour = hour;
            any = true;
            continue;
        }
        for (int i = 0; i < n; ++i)
            if (!(mask & (1 << (n - 1 - i))))
                counts.byValue[i][row[2 + i].isNull() ? noValueWord() : row[2 + i]][hour] += events;
    }
    if (counts.knownHours.isEmpty() && any)
        counts.knownHours = {{counts.firstHour, counts.lastHour + 1}};
    return counts;
}

BucketSeries hourSeries(const StreamCounts &counts)
{
    BucketSeries series;
    if (counts.knownHours.isEmpty())
        return series;
    series.first = counts.knownHours.first().first;
    const qint64 end = std::max(counts.knownHours.last().second, counts.lastHour + 1);
    series.counts.fill(0, end - series.first);
    series.known.fill(false, end - series.first);
    for (const auto &r : counts.knownHours)
        for (qint64 h = r.first; h < r.second; ++h)
            series.known[h - series.first] = true;
    for (auto it = counts.total.cbegin(); it != counts.total.cend(); ++it)
        if (it.key() >= series.first && it.key() < end)
            series.counts[it.key() - series.first] = it.value();
    return series;
}

// Daily series from hourly counts, over the whole days the stream spans.
BucketSeries daySeries(const QMap<qint64, double> &hours, qint64 firstHour, qint64 lastHour)
{
    BucketSeries series;
    series.first = firstHour / 24;
    const qint64 lastDay = lastHour / 24;
    series.counts.fill(0, lastDay - series.first + 1);
    series.known.fill(true, lastDay - series.first + 1);
    for (auto it = hours.cbegin(); it != hours.cend(); ++it) {
        const qint64 day = it.key() / 24;
        if (day >= series.first && day <= lastDay)
            series.counts[day - series.first] += it.value();
    }
    return series;
}

double countIn(const QMap<qint64, double> &hours, qint64 fromHour, qint64 toHour)
{
    double sum = 0;
    for (auto it = hours.lowerBound(fromHour); it != hours.cend() && it.key() < toHour; ++it)
        sum += it.value();
    return sum;
}

// The dimension value that accounts for the anomaly's excess, if one does.
struct Explanation
{
    int dimension = -1;
    QString value;
    double windowCount = 0;
    double share = 0; // of the window's events
    bool isNew = false;
};

Explanation explain(const StreamCounts &counts, qint64 fromHour, qint64 toHour, double expected,
                    const schema::Thresholds &t)
{
    Explanation best;
    const qint64 baselineFrom = fromHour - qint64(t.baselineDays) * 24;
    const double windowTotal = countIn(counts.total, fromHour, toHour);
    const double baselineTotal = countIn(counts.total, baselineFrom, fromHour);
    const double excess = windowTotal - expected;
    if (excess <= 0)
        return best;
    double bestExcess = 0;
    for (int i = 0; i < counts.byValue.size(); ++i) {
        for (auto it = counts.byValue[i].cbegin(); it != counts.byValue[i].cend(); ++it) {
            const double w = countIn(it.value(), fromHour, toHour);
            const double b = countIn(it.value(), baselineFrom, fromHour);
            const double valueExcess = w - (baselineTotal > 0 ? b / baselineTotal * expected : 0);
            // The usual value of a column (status = succeeded) explains
            // nothing: the value must be over-represented in the window.
            const double baselineShare = baselineTotal > 0 ? b / baselineTotal : 0;
            const bool lifted = baselineShare == 0 || (w / windowTotal) >= kMinLift * baselineShare;
            if (lifted && valueExcess > bestExcess) {
                bestExcess = valueExcess;
                best = {i, it.key(), w, w / windowTotal, b == 0};
            }
        }
    }
    if (bestExcess < t.explainShare * excess)
        return {};
    return best;
}

// Who a stream's row belongs to: its own user column; for a refunds stream
// without one, the user of the charge it refunds (refunds rarely name the
// customer, their charge does), joined as `c`; NULL when neither is mapped.
struct StreamOwner
{
    QString expression;
    QString join;
};

StreamOwner ownerOf(const DetectorContext &c, const Stream &s)
{
    if (!s.user.isEmpty())
        return {QStringLiteral("t.") + quoteIdent(s.user), {}};
    const schema::TableMap &refunds = c.profile.table(QStringLiteral("refunds"));
    const schema::TableMap &charges = c.profile.table(QStringLiteral("charges"));
    if (!refunds.isMapped() || refunds.table != s.table || !refunds.has(QStringLiteral("charge")) ||
        !charges.isMapped() || !charges.has(QStringLiteral("user")))
        return {QStringLiteral("NULL"), {}};
    return {QStringLiteral("c.") + quoteIdent(charges.column(QStringLiteral("user"))),
            QStringLiteral("\nLEFT JOIN %1 AS c ON c.%2 = t.%3")
                .arg(db::qualifiedTable(c.profile.schema, charges.table),
                     quoteIdent(charges.column(QStringLiteral("key"))),
                     quoteIdent(refunds.column(QStringLiteral("charge"))))};
}

QString rowsSqlFor(const DetectorContext &c, const Stream &s, qint64 fromSecs, qint64 toSecs,
                   const QString &filterColumn = {}, const QString &filterValue = {})
{
    QString columns;
    for (int i = 0; i < s.dimensions.size(); ++i)
        columns += QStringLiteral(",\n       t.%1").arg(quoteIdent(s.dimensions[i]));
    QString filter = filterFragment(s);
    if (!filterColumn.isEmpty())
        filter += QStringLiteral("\n  AND ") +
                  dimensionValueCondition(QStringLiteral("t"), filterColumn, filterValue);
    const StreamOwner owner = ownerOf(c, s);
    return db::renderSql(
        db::sqlResource(QStringLiteral("detect/stream_rows")),
        {{QStringLiteral("key"), quoteIdent(s.key)},
         {QStringLiteral("user"), owner.expression},
         {QStringLiteral("owner_join"), owner.join},
         {QStringLiteral("amount"), s.amount.isEmpty()
                                        ? QStringLiteral("NULL::bigint")
                                        : QStringLiteral("t.") + quoteIdent(s.amount)},
         {QStringLiteral("currency"),
          currencyExpression(QStringLiteral("t"), s.currency, s.fixedCurrency)},
         {QStringLiteral("time"), quoteIdent(s.time)},
         {QStringLiteral("dimension_columns"), columns},
         {QStringLiteral("table"), db::qualifiedTable(c.profile.schema, s.table)},
         {QStringLiteral("window_start"),
          db::timeLiteral(QDateTime::fromSecsSinceEpoch(fromSecs, QTimeZone::utc()))},
         {QStringLiteral("window_end"),
          db::timeLiteral(QDateTime::fromSecsSinceEpoch(toSecs, QTimeZone::utc()))},
         {QStringLiteral("filter"), filter}});
}

// A stream anomaly's rows, counts and explaining dimension: the window's
// rows, narrowed to the explaining value when there is one.
void fillWindowRows(const DetectorContext &c, const Stream &s, const Explanation &e,
                    qint64 fromSecs, qint64 toSecs, Finding &f)
{
    f.detector = QStringLiteral("streams");
    if (e.dimension >= 0) {
        f.dimension = s.dimensions[e.dimension] + QStringLiteral(" = ") + e.value;
        f.rowsSql = rowsSqlFor(c, s, fromSecs, toSecs, s.dimensions[e.dimension], e.value);
    } else {
        f.rowsSql = rowsSqlFor(c, s, fromSecs, toSecs);
    }
    fillFromRows(c.session, c.profile, f);
}

// Whether an anomaly starting at this time lies after the judged window.
bool startsAfterWindow(const ScanOptions &options, qint64 startSecs)
{
    return options.until.isValid() && startSecs >= options.until.toSecsSinceEpoch();
}

QString number(double value)
{
    return value >= 10 || value == std::floor(value) ? formatCount(qint64(std::llround(value)))
                                                     : QString::number(value, 'f', 1);
}

// A value the profile says must never appear in this column (a refund
// source outside production_values): a burst it explains is high.
bool isForbidden(const schema::SchemaProfile &p, const Stream &s, const QString &column,
                 const QString &value)
{
    const schema::TableMap &refunds = p.table(QStringLiteral("refunds"));
    const QStringList allowed = refunds.values.value(QStringLiteral("production_values"));
    return refunds.isMapped() && refunds.table == s.table &&
           refunds.column(QStringLiteral("source")) == column && !allowed.isEmpty() &&
           !allowed.contains(value);
}

QString explanationSentence(const Stream &s, const Explanation &e, int baselineDays)
{
    if (e.dimension < 0)
        return {};
    return QStringLiteral(" %1% were %2 = %3%4.")
        .arg(QString::number(100 * e.share, 'f', e.share > 0.99 && e.share < 1 ? 1 : 0),
             s.dimensions[e.dimension], e.value,
             e.isNew ? QStringLiteral(", which had none in the previous %1 days").arg(baselineDays)
                     : QString());
}

// Whether an anomaly of a stream that takes money out or destroys records
// is beyond its seasonal baseline by high_outflow_ratio and beyond every
// bucket the stream had before it: then it is high whatever explains it
// (docs/DETECTORS.md, severity model), and the sentence says why.
struct Outflow
{
    bool beyondPast = false;
    QString sentence;
};

QString effectWords(const Stream &s)
{
    return s.effect == u"money_out" ? QStringLiteral("takes money out")
                                    : QStringLiteral("destroys records");
}

// The largest count of the buckets before `first`.
double pastPeak(const BucketSeries &series, qint64 first)
{
    double peak = 0;
    for (qint64 b = series.first; b < first; ++b)
        peak = std::max(peak, series.at(b));
    return peak;
}

Outflow burstOutflow(const Stream &s, const BucketSeries &hours,
                     const QVector<BucketJudgement> &judged, const Window &w,
                     const schema::Thresholds &t)
{
    if (!s.takesOrDestroys())
        return {};
    double peak = 0, usual = 1;
    for (qint64 h = w.firstBucket; h <= w.lastBucket; ++h)
        if (hours.at(h) > peak) {
            peak = hours.at(h);
            usual = std::max(1.0, judged[h - hours.first].stats.median);
        }
    const double before = pastPeak(hours, w.firstBucket);
    if (peak < t.highOutflowRatio * usual || peak <= before)
        return {};
    return {true, QStringLiteral(" This stream %1, and its busiest hour here (%2) is %3 times "
                                 "the usual and above every earlier hour (at most %4).")
                      .arg(effectWords(s), number(peak), number(peak / usual), number(before))};
}

Outflow leakOutflow(const Stream &s, const BucketSeries &days, const QVector<RobustStats> &baseline,
                    const Window &w, const schema::Thresholds &t)
{
    if (!s.takesOrDestroys())
        return {};
    const double perDay = w.events / double(w.lastBucket - w.firstBucket + 1);
    const double usual = std::max(1.0, baseline[w.firstBucket - days.first].median);
    const double before = pastPeak(days, w.firstBucket);
    if (w.events - w.expected < t.burstMinEvents || perDay < t.highOutflowRatio * usual ||
        perDay <= before)
        return {};
    return {true, QStringLiteral(" This stream %1, and %2 a day is %3 times the usual and more "
                                 "than any earlier day (at most %4).")
                      .arg(effectWords(s), number(perDay), number(perDay / usual), number(before))};
}

Finding burstFinding(const DetectorContext &c, const Stream &s, const StreamCounts &counts,
                     const BucketSeries &hours, const QVector<BucketJudgement> &judged,
                     const Window &w)
{
    const schema::Thresholds &t = c.profile.thresholds;
    const Explanation e = explain(counts, w.firstBucket, w.lastBucket + 1, w.expected, t);
    Finding f;
    f.kind = QStringLiteral("burst");
    fillWindowRows(c, s, e, w.firstBucket * kHour, (w.lastBucket + 1) * kHour, f);
    // Volume alone never makes a burst of creations high: a promotion or an
    // outage can be as steep as an incident. A value the profile forbids
    // does, and so does an outflow or destruction beyond anything before.
    const bool forbidden =
        e.dimension >= 0 && isForbidden(c.profile, s, s.dimensions[e.dimension], e.value);
    const Outflow outflow = burstOutflow(s, hours, judged, w, t);
    f.severity = forbidden || outflow.beyondPast ? Severity::High : Severity::Medium;
    const RobustStats &first = judged[w.firstBucket - hours.first].stats;
    // The count in the title is the rows listed under it: with an
    // explaining value, that value's rows (the window's total is in the
    // explanation).
    f.title = f.dimension.isEmpty() ? QStringLiteral("Burst of %1 %2").arg(number(w.events), s.name)
                                    : QStringLiteral("Burst of %1 %2 with %3")
                                          .arg(formatCount(f.rowCount), s.name, f.dimension);
    f.explanation =
        QStringLiteral("%1 %2 between %3 and %4; the usual for this hour is %5 ± %6.%7%8")
            .arg(
                number(w.events), s.name,
                displayTime(QDateTime::fromSecsSinceEpoch(w.firstBucket * kHour, QTimeZone::utc())),
                displayTime(
                    QDateTime::fromSecsSinceEpoch((w.lastBucket + 1) * kHour, QTimeZone::utc())),
                number(first.median), number(first.sigma),
                explanationSentence(s, e, t.baselineDays) + outflow.sentence +
                    (forbidden ? QStringLiteral(" The profile allows only %1 there.")
                                     .arg(c.profile.table(QStringLiteral("refunds"))
                                              .values.value(QStringLiteral("production_values"))
                                              .join(QStringLiteral(", ")))
                               : QString()),
                f.totals.isEmpty() ? QString()
                                   : QStringLiteral(" The %1 listed %2 %3.")
                                         .arg(counted(f.rowCount, QStringLiteral("row")),
                                              f.rowCount == 1 ? QStringLiteral("carries")
                                                              : QStringLiteral("carry"),
                                              f.totals.toDisplayString()));
    for (qint64 h = std::max(hours.first, w.firstBucket - 72);
         h <= std::min(hours.last(), w.lastBucket + 24); ++h) {
        if (!hours.isKnown(h))
            continue;
        const BucketJudgement &j = judged[h - hours.first];
        f.series.append({QDateTime::fromSecsSinceEpoch(h * kHour, QTimeZone::utc()), hours.at(h),
                         j.judged ? j.stats.median : -1,
                         j.judged ? std::max(0.0, j.stats.median - 3 * j.stats.sigma) : 0,
                         j.judged ? j.threshold : 0, j.burst});
    }
    f.bucketSeconds = int(kHour);
    return f;
}

// A leak in the daily series of one value (e.dimension >= 0) or of the
// whole stream.
Finding leakFinding(const DetectorContext &c, const Stream &s, const Explanation &e,
                    const BucketSeries &days, const QVector<RobustStats> &baseline, const Window &w)
{
    const schema::Thresholds &t = c.profile.thresholds;
    Finding f;
    f.kind = QStringLiteral("leak");
    fillWindowRows(c, s, e, w.firstBucket * kDay, (w.lastBucket + 1) * kDay, f);
    const double excess = w.events - w.expected;
    const Outflow outflow = leakOutflow(s, days, baseline, w, t);
    f.severity = (e.dimension >= 0 && e.isNew && excess >= t.leakHighEvents) || outflow.beyondPast
                     ? Severity::High
                     : Severity::Medium;
    const int dayCount = int(w.lastBucket - w.firstBucket + 1);
    const RobustStats &first = baseline[w.firstBucket - days.first];
    f.title = QStringLiteral("Slow rise of %1 over %2 days (%3 above the usual)%4")
                  .arg(s.name)
                  .arg(dayCount)
                  .arg(number(excess))
                  .arg(f.dimension.isEmpty() ? QString() : QStringLiteral(": ") + f.dimension);
    f.explanation =
        QStringLiteral(
            "%1 %2 over the %3 days from %4 to %5, about %6 a day where the usual is %7 ± %8: "
            "no single hour stands out, but together they are %9 more than usual.%10")
            .arg(number(w.events), s.name)
            .arg(dayCount)
            .arg(QDateTime::fromSecsSinceEpoch(w.firstBucket * kDay, QTimeZone::utc())
                     .toString(QStringLiteral("yyyy-MM-dd")),
                 QDateTime::fromSecsSinceEpoch(w.lastBucket * kDay, QTimeZone::utc())
                     .toString(QStringLiteral("yyyy-MM-dd")),
                 number(w.events / dayCount), number(first.median), number(first.sigma),
                 number(excess), explanationSentence(s, e, t.baselineDays) + outflow.sentence);
    for (qint64 d = std::max(days.first, w.firstBucket - 28);
         d <= std::min(days.last(), w.lastBucket + 7); ++d) {
        const RobustStats &b = baseline[d - days.first];
        f.series.append({QDateTime::fromSecsSinceEpoch(d * kDay, QTimeZone::utc()), days.at(d),
                         b.samples ? b.median : -1,
                         b.samples ? std::max(0.0, b.median - 3 * b.sigma) : 0,
                         b.samples ? b.median + t.leakSlackSigmas * b.sigma : 0,
                         d >= w.firstBucket && d <= w.lastBucket});
    }
    f.bucketSeconds = int(kDay);
    return f;
}

QVector<Finding> silenceFindings(const DetectorContext &c, const Stream &s,
                                 const StreamCounts &counts, qint64 judgeFromHour)
{
    QVector<Finding> findings;
    const int per = int(s.dimensions.indexOf(s.silencePer));
    if (per < 0 || counts.lastHour < counts.firstHour)
        return findings;
    for (auto it = counts.byValue[per].cbegin(); it != counts.byValue[per].cend(); ++it) {
        const BucketSeries days = daySeries(it.value(), counts.firstHour, counts.lastHour);
        for (const Silence &gap : findSilences(days, judgeFromHour / 24, c.profile.thresholds)) {
            if (startsAfterWindow(c.options, gap.firstDay * kDay))
                continue;
            Finding f;
            f.detector = QStringLiteral("streams");
            f.kind = QStringLiteral("silence");
            f.dimension = s.silencePer + QStringLiteral(" = ") + it.key();
            f.rowsSql = rowsSqlFor(c, s, (gap.firstDay - 3) * kDay, (gap.endDay + 3) * kDay,
                                   s.silencePer, it.key());
            f.summarySql = summarySqlFor(f.rowsSql);
            f.windowStart = QDateTime::fromSecsSinceEpoch(gap.firstDay * kDay, QTimeZone::utc());
            f.windowEnd = QDateTime::fromSecsSinceEpoch(gap.endDay * kDay, QTimeZone::utc());
            const int missed = int(gap.endDay - gap.firstDay);
            f.severity = Severity::High;
            f.title = QStringLiteral("No %1 from %2 for %3 days%4")
                          .arg(s.name, f.dimension)
                          .arg(missed)
                          .arg(gap.ongoing ? QStringLiteral(" (still silent)") : QString());
            f.explanation =
                QStringLiteral(
                    "%1 stopped: nothing from %2 on the %3 days from %4 to %5, after it had "
                    "reported on %6 of the %7 days before. Whatever relied on it (a sync, a "
                    "reconciliation) has been acting on stale or missing data since %4.")
                    .arg(s.name, f.dimension)
                    .arg(missed)
                    .arg(f.windowStart.toString(QStringLiteral("yyyy-MM-dd")),
                         f.windowEnd.addDays(-1).toString(QStringLiteral("yyyy-MM-dd")))
                    .arg(gap.regularDays)
                    .arg(c.profile.thresholds.baselineDays);
            for (qint64 d = std::max(days.first, gap.firstDay - 14);
                 d <= std::min(days.last(), gap.endDay + 7); ++d)
                f.series.append({QDateTime::fromSecsSinceEpoch(d * kDay, QTimeZone::utc()),
                                 days.at(d), -1, 0, 0, d >= gap.firstDay && d < gap.endDay});
            f.bucketSeconds = int(kDay);
            findings << f;
        }
    }
    return findings;
}

// Leaks are judged per value of the stream's first dimension (per actor, per
// job): a new actor deleting 22 accounts a night hides in the total of a
// large site but stands out on its own. Without dimensions, the total.
QVector<Finding> leakFindings(const DetectorContext &c, const Stream &s, const StreamCounts &counts,
                              qint64 judgeFromHour)
{
    const schema::Thresholds &t = c.profile.thresholds;
    QVector<Finding> findings;
    QVector<std::pair<Explanation, const QMap<qint64, double> *>> series;
    if (s.dimensions.isEmpty())
        series.append({Explanation{}, &counts.total});
    else
        for (auto it = counts.byValue[0].cbegin(); it != counts.byValue[0].cend(); ++it)
            series.append({Explanation{0, it.key(), 0, 0, false}, &it.value()});
    for (const auto &[value, hours] : series) {
        const BucketSeries days = daySeries(*hours, counts.firstHour, counts.lastHour);
        QVector<RobustStats> baseline;
        for (const Window &w : findLeaks(days, judgeFromHour / 24, t, &baseline)) {
            if (startsAfterWindow(c.options, w.firstBucket * kDay))
                continue;
            Explanation e = value;
            if (e.dimension >= 0) {
                const qint64 from = w.firstBucket * 24;
                e.windowCount = countIn(*hours, from, (w.lastBucket + 1) * 24);
                e.share = e.windowCount /
                          std::max(1.0, countIn(counts.total, from, (w.lastBucket + 1) * 24));
                e.isNew = countIn(*hours, from - qint64(t.baselineDays) * 24, from) == 0;
            }
            findings << leakFinding(c, s, e, days, baseline, w);
        }
    }
    return findings;
}

} // namespace

QVector<Finding> runStreams(const DetectorContext &c)
{
    QVector<Finding> findings;
    const schema::Thresholds &t = c.profile.thresholds;
    DetectorContext context = c;
    if (context.options.since.isValid() && !context.options.until.isValid())
        context.options.until = QDateTime::currentDateTimeUtc();
    for (const Stream &s : c.profile.streams) {
        c.say(QStringLiteral("Counting %1").arg(s.name));
        const StreamCounts counts = countStream(context, s);
        if (counts.lastHour < counts.firstHour)
            continue;
        const qint64 judgeFrom = context.options.since.isValid()
                                     ? context.options.since.toSecsSinceEpoch() / kHour
                                     : counts.firstHour;
        if (s.burst) {
            const BucketSeries hours = hourSeries(counts);
            const QVector<BucketJudgement> judged = judgeHours(hours, judgeFrom, t);
            for (const Window &w : burstWindows(hours, judged, t.burstMergeHours))
                if (!startsAfterWindow(context.options, w.firstBucket * kHour))
                    findings << burstFinding(context, s, counts, hours, judged, w);
        }
        if (s.leak)
            findings << leakFindings(context, s, counts, judgeFrom);
        if (s.silence)
            findings << silenceFindings(context, s, counts, judgeFrom);
    }
    // Daily judgements start at the since day's midnight: what ended before
    // the judged window is not the window's news.
    if (context.options.since.isValid())
        findings.erase(std::remove_if(findings.begin(), findings.end(),
                                      [&](const Finding &f) {
                                          return f.windowEnd.isValid() &&
                                                 f.windowEnd < context.options.since;
                                      }),
                       findings.end());
    return findings;
}

} // namespace payops::detect
