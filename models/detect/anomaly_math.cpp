#include "detect/anomaly_math.h"

#include <QDateTime>
#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace payops::detect {

namespace {

double medianOf(QVector<double> values)
{
    if (values.isEmpty())
        return 0;
    const auto mid = values.begin() + values.size() / 2;
    std::nth_element(values.begin(), mid, values.end());
    if (values.size() % 2 == 1)
        return *mid;
    const double upper = *mid;
    const double lower = *std::max_element(values.begin(), mid);
    return (lower + upper) / 2;
}

// The hour one calendar month before, or -1 when there is none.
qint64 sameHourMonthBefore(qint64 hour)
{
    const QDateTime at = QDateTime::fromSecsSinceEpoch(hour * 3600, QTimeZone::utc());
    const QDateTime before = at.addMonths(-1);
    if (before.date().day() != at.date().day())
        return -1; // 31 March has no 31 February
    return before.toSecsSinceEpoch() / 3600;
}

} // namespace

RobustStats robustStats(QVector<double> values)
{
    RobustStats stats;
    stats.samples = int(values.size());
    if (values.isEmpty())
        return stats;
    stats.median = medianOf(values);
    for (double &v : values)
        v = std::abs(v - stats.median);
    const double mad = medianOf(values);
    stats.sigma = std::max({1.4826 * mad, std::sqrt(std::max(stats.median, 1.0)), 1.0});
    return stats;
}

bool BucketSeries::isKnown(qint64 bucket) const
{
    const qint64 i = bucket - first;
    return i >= 0 && i < counts.size() && known[i];
}

double BucketSeries::at(qint64 bucket) const
{
    return isKnown(bucket) ? counts[bucket - first] : 0;
}

QVector<BucketJudgement> judgeHours(const BucketSeries &hours, qint64 judgeFrom,
                                    const schema::Thresholds &t)
{
    QVector<BucketJudgement> out(hours.counts.size());
    for (qint64 h = std::max(judgeFrom, hours.first); h <= hours.last(); ++h) {
        if (!hours.isKnown(h))
            continue;
        QVector<double> peers;
        for (int d = 1; d <= t.baselineDays; ++d)
            if (hours.isKnown(h - 24 * d))
                peers << hours.at(h - 24 * d);
        BucketJudgement &j = out[h - hours.first];
        if (peers.size() < t.minHistoryDays)
            continue;
        j.judged = true;
        j.stats = robustStats(peers);
        j.threshold = std::max({j.stats.median + t.burstSigmas * j.stats.sigma,
                                j.stats.median * t.burstMinRatio, t.burstMinEvents});
        const double events = hours.at(h);
        if (events <= j.threshold)
            continue;
        const qint64 monthBefore = sameHourMonthBefore(h);
        if (monthBefore >= 0 && hours.isKnown(monthBefore) && hours.at(monthBefore) >= 0.5 * events)
            j.seasonal = true;
        else
            j.burst = true;
    }
    return out;
}

QVector<Window> burstWindows(const BucketSeries &hours, const QVector<BucketJudgement> &judged,
                             int mergeGap)
{
    QVector<Window> windows;
    for (qint64 i = 0; i < judged.size(); ++i) {
        if (!judged[i].burst)
            continue;
        const qint64 h = hours.first + i;
        if (!windows.isEmpty() && windows.last().lastBucket >= h - 1 - mergeGap) {
            windows.last().lastBucket = h;
        } else {
            windows.append(Window{h, h, 0, 0});
        }
        windows.last().events += hours.at(h);
        windows.last().expected += judged[i].stats.median;
    }
    return windows;
}

QVector<Window> findLeaks(const BucketSeries &days, qint64 judgeFrom, const schema::Thresholds &t,
                          QVector<RobustStats> *baselinePerDay)
{
    QVector<Window> leaks;
    QVector<bool> inLeak(days.counts.size(), false);
    if (baselinePerDay)
        baselinePerDay->fill(RobustStats{-1, 0, 0}, days.counts.size());
    double cusum = 0;
    qint64 riseStart = -1; // first day of the current rise
    qint64 lastAbove = -1; // last day above the allowance in the current rise
    int quietDays = 0;
    bool alarmed = false;
    double events = 0, expected = 0;

    auto closeEpisode = [&] {
        if (alarmed && lastAbove >= riseStart) {
            Window w{riseStart, lastAbove, 0, 0};
            for (qint64 d = riseStart; d <= lastAbove; ++d)
                inLeak[d - days.first] = true;
            w.events = events;
            w.expected = expected;
            leaks.append(w);
        }
        cusum = 0;
        riseStart = lastAbove = -1;
        quietDays = 0;
        alarmed = false;
        events = expected = 0;
    };

    for (qint64 d = days.first; d <= days.last(); ++d) {
        if (!days.isKnown(d))
            continue;
        QVector<double> peers;
        for (qint64 p = d - 1; p >= d - t.baselineDays && p >= days.first; --p)
            if (days.isKnown(p) && !inLeak[p - days.first] && !(riseStart >= 0 && p >= riseStart))
                peers << days.at(p);
        if (peers.size() < t.minHistoryDays || d < judgeFrom)
            continue;
        const RobustStats stats = robustStats(peers);
        if (baselinePerDay)
            (*baselinePerDay)[d - days.first] = stats;
        const double x = days.at(d);
        const double allowance = stats.median + t.leakSlackSigmas * stats.sigma;
        const double step = x - allowance;
        if (cusum <= 0 && step <= 0)
            continue;
        if (cusum <= 0) {
            riseStart = d;
            events = expected = 0;
        }
        cusum = std::max(0.0, cusum + step);
        if (step > 0) {
            lastAbove = d;
            quietDays = 0;
            events += x;
            expected += stats.median;
            // Days between rises belong to the episode too.
        } else {
            ++quietDays;
        }
        if (cusum > t.leakAlarmSigmas * stats.sigma)
            alarmed = true;
        // The episode ends when the CUSUM is spent or the rise has stopped
        // for three days: what follows is judged afresh.
        if (cusum <= 0 || quietDays >= 3)
            closeEpisode();
    }
    closeEpisode();
    return leaks;
}

QVector<Silence> findSilences(const BucketSeries &days, qint64 judgeFrom,
                              const schema::Thresholds &t)
{
    QVector<Silence> silences;
    qint64 d = std::max(days.first, judgeFrom);
    while (d <= days.last()) {
        if (!days.isKnown(d) || days.at(d) > 0) {
            ++d;
            continue;
        }
        // How regular was the stream in the days before the gap?
        int seen = 0, reported = 0;
        for (qint64 p = d - 1; p >= d - t.baselineDays && p >= days.first; --p) {
            if (!days.isKnown(p))
                continue;
            ++seen;
            if (days.at(p) > 0)
                ++reported;
        }
        qint64 end = d;
        while (end <= days.last() && days.isKnown(end) && days.at(end) == 0)
            ++end;
        const int missed = int(end - d);
        if (seen >= t.minHistoryDays && reported >= 0.9 * seen && missed >= t.silenceMinMissed)
            silences.append(Silence{d, end, reported, end > days.last()});
        d = end;
    }
    return silences;
}

} // namespace payops::detect

namespace payops::detect {

QVector<ShareJump> findShareJumps(const DailyMix &days, qint64 judgeFromDay,
                                  const schema::Thresholds &t)
{
    QVector<ShareJump> jumps;
    QSet<qint64> jumpy; // days left out of later baselines
    for (auto day = days.cbegin(); day != days.cend(); ++day) {
        if (day.key() < judgeFromDay)
            continue;
        QHash<QString, double> pooled;
        double pooledTotal = 0;
        int historyDays = 0;
        for (auto past = days.lowerBound(day.key() - t.baselineDays); past != day; ++past) {
            if (jumpy.contains(past.key()))
                continue;
            ++historyDays;
            for (auto v = past.value().cbegin(); v != past.value().cend(); ++v) {
                pooled[v.key()] += v.value();
                pooledTotal += v.value();
            }
        }
        if (historyDays < t.minHistoryDays || pooledTotal <= 0)
            continue;
        double total = 0;
        for (double rows : day.value())
            total += rows;
        for (auto v = day.value().cbegin(); v != day.value().cend(); ++v) {
            const double share = v.value() / total;
            const double usual = pooled.value(v.key()) / pooledTotal;
            if (v.value() < t.shareMinRows || share - usual < t.shareJumpPoints ||
                share < t.shareJumpRatio * usual)
                continue;
            jumpy.insert(day.key());
            ShareJump *open = nullptr;
            for (ShareJump &j : jumps)
                if (j.value == v.key() && j.lastDay >= day.key() - 1)
                    open = &j;
            if (open) {
                open->lastDay = day.key();
                open->rows += v.value();
            } else {
                jumps.append({v.key(), day.key(), day.key(), v.value(), share, usual});
            }
        }
    }
    // The window's share of each jump, over all its days.
    for (ShareJump &j : jumps) {
        double total = 0;
        for (auto d = days.lowerBound(j.firstDay); d != days.cend() && d.key() <= j.lastDay; ++d)
            for (double rows : d.value())
                total += rows;
        j.share = total > 0 ? j.rows / total : 0;
    }
    return jumps;
}

} // namespace payops::detect
