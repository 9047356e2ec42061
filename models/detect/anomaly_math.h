#pragma once

#include "schema/schema_profile.h"

#include <QHash>
#include <QMap>
#include <QVector>

namespace payops::detect {

// Median and a robust spread: 1.4826 x MAD, floored at the Poisson spread
// sqrt(median) (and 1), so a quiet stream with a zero MAD does not make
// every small wobble an anomaly.
struct RobustStats
{
    double median = 0;
    double sigma = 1;
    int samples = 0;
};
RobustStats robustStats(QVector<double> values);

// Counts per bucket (hour or day) from bucket index `first` on; `known`
// is false for buckets the query did not look at (a --since scan samples).
struct BucketSeries
{
    qint64 first = 0; // bucket index: seconds since the epoch / bucket size
    QVector<double> counts;
    QVector<bool> known;

    qint64 last() const { return first + counts.size() - 1; }
    bool isKnown(qint64 bucket) const;
    double at(qint64 bucket) const; // 0 when unknown
};

// The baseline of one bucket and whether it is far above it.
struct BucketJudgement
{
    RobustStats stats;
    double threshold = 0; // events above this are a burst
    bool judged = false;  // enough history to judge
    bool burst = false;
    bool seasonal = false; // above threshold, but so was the same hour a month before
};

// Hourly bursts: each hour against the same hour of the previous
// baselineDays days (median and robust sigma), which absorbs the daily
// cycle; an hour that is also matched by the same hour one calendar month
// earlier is a monthly cycle (the month-start renewal wave), not a burst.
QVector<BucketJudgement> judgeHours(const BucketSeries &hours, qint64 judgeFrom,
                                    const schema::Thresholds &thresholds);

// Anomalous buckets, merged when at most mergeGap buckets apart (a
// promotion day or a three-day overwrite is one window, not twenty):
// [firstBucket, lastBucket], with the events and expected events of the
// anomalous buckets.
struct Window
{
    qint64 firstBucket = 0;
    qint64 lastBucket = 0;
    double events = 0;
    double expected = 0;
};
QVector<Window> burstWindows(const BucketSeries &hours, const QVector<BucketJudgement> &judged,
                             int mergeGap = 0);

// Slow leaks in daily counts (one-sided CUSUM against a trailing robust
// baseline that leaves out the days of a leak): a rise every day that no
// single hour shows, such as two weeks of nightly deletions.
QVector<Window> findLeaks(const BucketSeries &days, qint64 judgeFrom,
                          const schema::Thresholds &thresholds,
                          QVector<RobustStats> *baselinePerDay = nullptr);

// Silences in daily counts: a stream that reported on (almost) every one of
// the days before stops for at least silenceMinMissed days.
struct Silence
{
    qint64 firstDay = 0;
    qint64 endDay = 0; // first day it reported again, or one past the last day seen
    int regularDays = 0;
    bool ongoing = false;
};
QVector<Silence> findSilences(const BucketSeries &days, qint64 judgeFrom,
                              const schema::Thresholds &thresholds);

} // namespace payops::detect

namespace payops::detect {

// Daily mixes of a column's values: day -> value -> rows.
using DailyMix = QMap<qint64, QHash<QString, double>>;

// Days on which one value's share of the rows jumps far above its pooled
// share over the previous baselineDays days (days already judged jumpy are
// left out of later baselines); consecutive days of one value make one
// window.
struct ShareJump
{
    QString value;
    qint64 firstDay = 0;
    qint64 lastDay = 0;
    double rows = 0;       // rows of the value in the window
    double share = 0;      // its share of the window's rows
    double usualShare = 0; // its share before the window
};
QVector<ShareJump> findShareJumps(const DailyMix &days, qint64 judgeFromDay,
                                  const schema::Thresholds &thresholds);

} // namespace payops::detect
