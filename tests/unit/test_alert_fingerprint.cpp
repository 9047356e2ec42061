// One incident, one alert: the fingerprint of a finding ignores what grows
// (counts, money, days) and keeps what says which incident it is.
#include "watch/alert_fingerprint.h"
#include "watch/webhook_delivery.h"

#include <QTest>

using namespace payops;

namespace {

Finding finding(const QString &detector, const QString &kind, const QString &title,
                const QString &dimension = {})
{
    Finding f;
    f.detector = detector;
    f.kind = kind;
    f.title = title;
    f.dimension = dimension;
    return f;
}

} // namespace

class TestAlertFingerprint : public QObject
{
    Q_OBJECT

private slots:
    void aGrowingIncidentKeepsItsFingerprint_data()
    {
        QTest::addColumn<Finding>("first");
        QTest::addColumn<Finding>("later");
        const QString inv = QStringLiteral("invariants");
        QTest::newRow("more charges, more money")
            << finding(inv, "invariant", "270 charges on closed accounts (41,882.85 USD)")
            << finding(inv, "invariant", "475 charges on closed accounts (73,271.36 USD)");
        QTest::newRow("a longer leak")
            << finding("streams", "leak",
                       "Slow rise of account deletions over 3 days (69 above the usual): actor = "
                       "sync-job",
                       "actor = sync-job")
            << finding("streams", "leak",
                       "Slow rise of account deletions over 12 days (270 above the usual): actor "
                       "= sync-job",
                       "actor = sync-job");
        QTest::newRow("a silence that goes on")
            << finding("streams", "silence", "No sync reports from service = drive for 2 days",
                       "service = drive")
            << finding("streams", "silence",
                       "No sync reports from service = drive for 9 days (still silent)",
                       "service = drive");
        QTest::newRow("a share that moves")
            << finding("shares", "share", "Share of status = closed jumped to 81% (usually 32%)")
            << finding("shares", "share", "Share of status = closed jumped to 82% (usually 31%)");
    }
    void aGrowingIncidentKeepsItsFingerprint()
    {
        QFETCH(Finding, first);
        QFETCH(Finding, later);
        QCOMPARE(watch::alertFingerprint(later), watch::alertFingerprint(first));
        QCOMPARE(watch::alertFingerprint(first).size(), 64);
    }

    void anotherIncidentHasAnotherFingerprint_data()
    {
        QTest::addColumn<Finding>("one");
        QTest::addColumn<Finding>("other");
        QTest::newRow("another rule")
            << finding("invariants", "invariant", "30 refunds issued by a non-production source")
            << finding("invariants", "invariant", "30 refunds larger than the charge they refund");
        QTest::newRow("another explaining value")
            << finding("streams", "burst", "Burst of 9,833 refunds", "source_env = staging")
            << finding("streams", "burst", "Burst of 9,833 refunds", "source_env = qa");
        QTest::newRow("another kind")
            << finding("streams", "burst", "Burst of 70 interest payouts", "channel = bank-b")
            << finding("streams", "leak", "Burst of 70 interest payouts", "channel = bank-b");
        QTest::newRow("another table")
            << finding("invariants", "invariant", "270 charges on closed accounts (1.00 USD)")
            << finding("invariants", "invariant",
                       "270 new subscriptions on closed accounts (1.00 USD)");
    }
    void anotherIncidentHasAnotherFingerprint()
    {
        QFETCH(Finding, one);
        QFETCH(Finding, other);
        QVERIFY(watch::alertFingerprint(one) != watch::alertFingerprint(other));
    }

    // What a receiver checks (docs/WATCH.md), against an HMAC computed by hand:
    // printf '{"a":1}' | openssl dgst -sha256 -hmac secret
    void theSignatureIsTheBodysHmac()
    {
        QCOMPARE(watch::webhookSignature(QByteArrayLiteral("{\"a\":1}"), "secret"),
                 QByteArrayLiteral("sha256=") + QByteArray(kExpected));
    }

private:
    static constexpr const char *kExpected =
        "aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494";
};

QTEST_GUILESS_MAIN(TestAlertFingerprint)
#include "test_alert_fingerprint.moc"
