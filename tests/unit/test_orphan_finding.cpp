#include "detect/orphan_detector.h"

#include <QTest>

using payops::Severity;
using payops::detect::OrphanDetector;

class TestOrphanFinding : public QObject
{
    Q_OBJECT

    // Rows as summarySql() returns them: reason, currency, payments,
    // amount_minor, users, first_at, last_at; the total row has no reason.
    static QVector<QVector<QString>> rows(bool withSentinel)
    {
        QVector<QVector<QString>> r;
        r << QVector<QString>{QString(),
                              QString(),
                              withSentinel ? "13" : "3",
                              "0",
                              "2",
                              "2026-01-05 10:00:00+00",
                              "2026-04-20 09:30:00+00"};
        r << QVector<QString>{"order_missing", "RUB", "2", "150000", "1", "", ""};
        r << QVector<QString>{"order_missing", "USD", "1", "999", "1", "", ""};
        if (withSentinel)
            r << QVector<QString>{"parked_on_sentinel", "USD", "10", "29000", "0", "", ""};
        return r;
    }

private slots:
    void sentinelParkedPaymentsAreHighSeverity()
    {
        const auto result = OrphanDetector::fromSummaryRows(rows(true));
        QCOMPARE(result.finding.severity, Severity::High);
        QCOMPARE(result.finding.rowCount, qint64(13));
        QCOMPARE(result.finding.userCount, qint64(2));
        QCOMPARE(result.finding.totals.minorFor(QStringLiteral("USD")), qint64(29999));
        QCOMPARE(result.finding.totals.minorFor(QStringLiteral("RUB")), qint64(150000));
        QCOMPARE(result.byReason.value(QStringLiteral("parked_on_sentinel")).payments, qint64(10));
        QVERIFY(result.finding.explanation.contains(QStringLiteral("parked on the sentinel")));
        QVERIFY(result.finding.explanation.contains(QStringLiteral("2026-01-05 10:00")));
        QCOMPARE(result.finding.windowEnd, QDateTime(QDate(2026, 4, 20), QTime(9, 30), Qt::UTC));
        QVERIFY(result.finding.title.contains(QStringLiteral("1,500.00 RUB; 299.99 USD")));
        QCOMPARE(result.finding.kind, QStringLiteral("orphans"));
    }

    void orphansWithoutSentinelAreMedium()
    {
        const auto result = OrphanDetector::fromSummaryRows(rows(false));
        QCOMPARE(result.finding.severity, Severity::Medium);
        QVERIFY(!result.byReason.contains(QStringLiteral("parked_on_sentinel")));
    }

    void noOrphansIsInfo()
    {
        const auto result = OrphanDetector::fromSummaryRows({});
        QCOMPARE(result.finding.severity, Severity::Info);
        QCOMPARE(result.finding.title, QStringLiteral("No orphaned payments"));
        QVERIFY(result.finding.totals.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestOrphanFinding)
#include "test_orphan_finding.moc"
