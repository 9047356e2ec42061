// The judging half of the stream detector, on hand-made series: what a
// burst, a monthly cycle, a slow leak and a silence look like to it.
#include "detect/anomaly_math.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace payops;
using namespace payops::detect;

namespace {

// Hourly counts with a daily cycle: quiet nights, busy days.
BucketSeries dailyCycle(qint64 firstHour, int days)
{
    BucketSeries s;
    s.first = firstHour;
    for (int h = 0; h < days * 24; ++h) {
        const int hourOfDay = int((firstHour + h) % 24);
        s.counts << (hourOfDay >= 8 && hourOfDay < 20 ? 100 + (h * 7) % 11 : 10 + (h * 3) % 5);
        s.known << true;
    }
    return s;
}

qint64 hourOf(int year, int month, int day, int hour)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0), QTimeZone::utc()).toSecsSinceEpoch() /
           3600;
}

} // namespace

class TestAnomalyMath : public QObject
{
    Q_OBJECT
private slots:
    void robustStatsIgnoreOneOutlier()
    {
        const RobustStats s = robustStats({10, 11, 9, 10, 12, 10, 1000});
        QCOMPARE(s.median, 10.0);
        QVERIFY(s.sigma < 5);
        // A quiet stream (MAD 0) still gets the Poisson spread.
        QCOMPARE(robustStats({0, 0, 0, 0}).sigma, 1.0);
        QCOMPARE(robustStats({100, 100, 100}).sigma, 10.0);
    }

    void theDailyCycleIsNotABurst()
    {
        const BucketSeries s = dailyCycle(hourOf(2026, 3, 1, 0), 40);
        const auto judged = judgeHours(s, s.first, schema::Thresholds());
        QVERIFY(burstWindows(s, judged).isEmpty());
    }

    void aBurstIsOneWindowWithItsBaseline()
    {
        BucketSeries s = dailyCycle(hourOf(2026, 3, 1, 0), 40);
        const qint64 h = hourOf(2026, 4, 5, 11);
        s.counts[h - s.first] += 10000;
        s.counts[h + 1 - s.first] += 300;
        const auto judged = judgeHours(s, s.first, schema::Thresholds());
        const QVector<Window> windows = burstWindows(s, judged);
        QCOMPARE(windows.size(), 1);
        QCOMPARE(windows[0].firstBucket, h);
        QCOMPARE(windows[0].lastBucket, h + 1);
        QVERIFY(qAbs(judged[h - s.first].stats.median - 105) < 6);
    }

    void burstsCloseTogetherAreOneWindow()
    {
        BucketSeries s = dailyCycle(hourOf(2026, 3, 1, 0), 40);
        const qint64 h = hourOf(2026, 4, 5, 9);
        for (const int offset : {0, 1, 5, 9, 30})
            s.counts[h + offset - s.first] += 2000;
        const auto judged = judgeHours(s, s.first, schema::Thresholds());
        QCOMPARE(burstWindows(s, judged).size(), 4); // hours 0 and 1 touch
        const QVector<Window> merged = burstWindows(s, judged, 12);
        QCOMPARE(merged.size(), 2);
        QCOMPARE(merged[0].lastBucket, h + 9);
        QCOMPARE(merged[1].firstBucket, h + 30);
    }

    void tooLittleHistoryJudgesNothing()
    {
        BucketSeries s = dailyCycle(hourOf(2026, 3, 1, 0), 5);
        s.counts[50] += 10000;
        QVERIFY(burstWindows(s, judgeHours(s, s.first, schema::Thresholds())).isEmpty());
    }

    void aMonthlyWaveIsSeasonalNotABurst()
    {
        // The renewal wave at 03:00 on the first of each month.
        BucketSeries s = dailyCycle(hourOf(2026, 1, 1, 0), 120);
        for (int month = 1; month <= 4; ++month)
            s.counts[hourOf(2026, month, 1, 3) - s.first] += 1200;
        const auto judged = judgeHours(s, s.first, schema::Thresholds());
        QVERIFY(burstWindows(s, judged).isEmpty());
        QVERIFY(judged[hourOf(2026, 4, 1, 3) - s.first].seasonal);
        // ... but the same wave on a day it never happened before is a burst.
        s.counts[hourOf(2026, 4, 15, 3) - s.first] += 1200;
        QCOMPARE(burstWindows(s, judgeHours(s, s.first, schema::Thresholds())).size(), 1);
    }

    void unknownHoursAreNotZeroes()
    {
        // A --since scan reads only some hours; the others must not look
        // like a silence or drag the baseline down.
        BucketSeries s = dailyCycle(hourOf(2026, 3, 1, 0), 40);
        for (int i = 0; i < s.known.size(); ++i)
            if (i % 24 != 11) {
                s.known[i] = false;
                s.counts[i] = 0;
            }
        const qint64 h = s.last() - 12;
        s.counts[h - s.first] = 5000;
        const QVector<Window> windows = burstWindows(s, judgeHours(s, h, schema::Thresholds()));
        QCOMPARE(windows.size(), 1);
        QCOMPARE(windows[0].firstBucket, h);
    }

    void aSlowLeakIsFoundWhereNoDayIsExtreme()
    {
        // Three a day, then 14 days at 25, then back.
        BucketSeries days;
        days.first = 20000;
        for (int d = 0; d < 90; ++d) {
            days.counts << (d >= 60 && d < 74 ? 25 : 2 + d % 3);
            days.known << true;
        }
        const QVector<Window> leaks = findLeaks(days, days.first, schema::Thresholds());
        QCOMPARE(leaks.size(), 1);
        QCOMPARE(leaks[0].firstBucket, days.first + 60);
        QCOMPARE(leaks[0].lastBucket, days.first + 73);
        QCOMPARE(leaks[0].events, 14 * 25.0);
        // Normal wobble alone raises nothing.
        days.counts.resize(60);
        days.known.resize(60);
        QVERIFY(findLeaks(days, days.first, schema::Thresholds()).isEmpty());
    }

    void aValueWhoseShareJumpsIsFound()
    {
        // 100 rows a day, 30% closed; then three days at 85% closed.
        DailyMix days;
        for (qint64 d = 0; d < 40; ++d) {
            const double closed = d >= 30 && d < 33 ? 510 : 30 + d % 3;
            const double rows = d >= 30 && d < 33 ? 600 : 100;
            days[20000 + d] = {{QStringLiteral("closed"), closed},
                               {QStringLiteral("open"), rows - closed}};
        }
        const QVector<ShareJump> jumps = findShareJumps(days, 0, schema::Thresholds());
        QCOMPARE(jumps.size(), 1);
        QCOMPARE(jumps[0].value, QStringLiteral("closed"));
        QCOMPARE(jumps[0].firstDay, 20030);
        QCOMPARE(jumps[0].lastDay, 20032);
        QCOMPARE(jumps[0].rows, 3 * 510.0);
        QVERIFY(qAbs(jumps[0].usualShare - 0.31) < 0.02);
        // The usual mix, however busy the day, is no jump.
        days.clear();
        for (qint64 d = 0; d < 40; ++d)
            days[20000 + d] = {{QStringLiteral("closed"), 30.0 * (1 + d % 5)},
                               {QStringLiteral("open"), 70.0 * (1 + d % 5)}};
        QVERIFY(findShareJumps(days, 0, schema::Thresholds()).isEmpty());
    }

    void aStoppedDailyReportIsASilence()
    {
        BucketSeries days;
        days.first = 20000;
        for (int d = 0; d < 60; ++d) {
            days.counts << (d >= 40 && d < 54 ? 0 : 1);
            days.known << true;
        }
        const QVector<Silence> silences = findSilences(days, days.first, schema::Thresholds());
        QCOMPARE(silences.size(), 1);
        QCOMPARE(silences[0].firstDay, days.first + 40);
        QCOMPARE(silences[0].endDay, days.first + 54);
        QVERIFY(!silences[0].ongoing);
        // One missed day is below the default of two.
        days.counts[45] = 1;
        for (int d = 40; d < 54; ++d)
            days.counts[d] = d == 47 ? 0 : 1;
        QVERIFY(findSilences(days, days.first, schema::Thresholds()).isEmpty());
        // An irregular stream has no silence to break.
        for (int d = 0; d < 60; ++d)
            days.counts[d] = d % 3 == 0 ? 1 : 0;
        QVERIFY(findSilences(days, days.first, schema::Thresholds()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAnomalyMath)
#include "test_anomaly_math.moc"
