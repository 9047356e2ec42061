// A looping `payops watch` (every few seconds, PAYOPS_WATCH_MIN_SECONDS)
// on a copy of the demo at the real "now", while `payops demo inject`
// copies each of the five incidents into it: each raises exactly one alert
// of its detector at the test's webhook within one interval, injected
// again it grows that alert once, and the runs after it raise nothing new.
// The injected rows are in the copy's ground truth.
#include "support/cli_run.h"
#include "support/drill_copy.h"
#include "support/webhook_listener.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

#include <functional>
#include <memory>

using namespace payops;
using test::CliRun;
using test::WebhookListener;

namespace {

constexpr int kEverySeconds = 3;
// One interval, plus a run's own time and the delivery thread's second.
constexpr int kWithinOneIntervalMs = (kEverySeconds + 4) * 1000;

QString field(const QJsonObject &event, const QString &name)
{
    return event.value(QStringLiteral("alert")).toObject().value(name).toVariant().toString();
}

} // namespace

class TestWatchInject : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::DrillCopy> m_copy;
    std::unique_ptr<WebhookListener> m_hook;
    QProcess m_watch;
    int m_seen = 0;

    QVector<WebhookListener::Delivery> fresh()
    {
        const auto all = m_hook->accepted();
        const auto news = all.mid(m_seen);
        m_seen = int(all.size());
        return news;
    }
    int runs() const
    {
        return m_copy->value(QStringLiteral("SELECT count(*) FROM payops.watch_runs")).toInt();
    }
    void inject(const QString &incident)
    {
        const CliRun run = test::runCli({QStringLiteral("demo"), QStringLiteral("inject"), incident,
                                         QStringLiteral("--database"), m_copy->database()});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("rows recorded in demo_truth.changes"), run.out.constData());
    }
    // Waits for the first delivery of this event whose alert is the followed
    // one; returns it (an empty body when none came in time).
    QJsonObject waitFor(const QString &event, const std::function<bool(const QJsonObject &)> &is,
                        int timeoutMs, QVector<QJsonObject> &seen)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            for (const auto &delivery : fresh()) {
                seen << delivery.body;
                if (delivery.body.value(QStringLiteral("event")).toString() == event &&
                    is(delivery.body))
                    return delivery.body;
            }
            QTest::qWait(100);
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("inject"));
        m_hook = std::make_unique<WebhookListener>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PAYOPS_WATCH_MIN_SECONDS"), QStringLiteral("1"));
        environment.remove(QStringLiteral("PAYOPS_WATCH_NOW"));
        m_watch.setProcessEnvironment(environment);
        m_watch.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_watch.start(test::cliProgram(),
                      {QStringLiteral("watch"), QStringLiteral("--every"),
                       QStringLiteral("%1s").arg(kEverySeconds), QStringLiteral("--db"),
                       m_copy->uri(QStringLiteral("watcher")), QStringLiteral("--webhook"),
                       m_hook->url().toString()});
        QVERIFY(m_watch.waitForStarted());
        // Its first runs find the present quiet (no rows since the demo's
        // "now"): said on standard error, and no run recorded.
        QTest::qWait(2 * kEverySeconds * 1000);
        QCOMPARE(m_watch.state(), QProcess::Running);
        QCOMPARE(runs(), 0);
        QCOMPARE(m_hook->attempts(), 0);
    }
    void cleanupTestCase()
    {
        m_watch.terminate();
        m_watch.waitForFinished(30000);
        m_copy.reset();
        m_hook.reset();
    }

    void unknownIncidentIsRefused()
    {
        const CliRun run = test::runCli({QStringLiteral("demo"), QStringLiteral("inject"),
                                         QStringLiteral("double_charges"),
                                         QStringLiteral("--database"), m_copy->database()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("The demo has no incident \"double_charges\""),
                 run.err.constData());
        QVERIFY(run.err.contains("account_deletions, wrong_customer_charges, staging_refunds"));
        QCOMPARE(m_copy->value(QStringLiteral("SELECT count(*) FROM demo_truth.changes WHERE "
                                              "actor LIKE 'injected_%'")),
                 QStringLiteral("0"));
    }

    void eachInjectedIncidentRaisesOneAlert_data()
    {
        QTest::addColumn<QString>("incident");
        QTest::addColumn<QString>("detector");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("title"); // a part of the followed alert's title
        QTest::addColumn<QString>("table"); // the table whose injected rows the alert counts
        QTest::newRow("account deletions") << "account_deletions"
                                           << "streams"
                                           << "burst"
                                           << "account deletions"
                                           << "account_events";
        QTest::newRow("wrong customer charges") << "wrong_customer_charges"
                                                << "invariants"
                                                << "invariant"
                                                << "charges on closed"
                                                << "payments";
        QTest::newRow("staging refunds") << "staging_refunds"
                                         << "invariants"
                                         << "invariant"
                                         << "non-production"
                                         << "refunds";
        QTest::newRow("overwritten conversations") << "overwritten_conversations"
                                                   << "foreign_values"
                                                   << "foreign_value"
                                                   << "support_conversations"
                                                   << "support_conversations";
        QTest::newRow("double interest") << "double_interest"
                                         << "duplicates"
                                         << "duplicate"
                                         << "paid twice"
                                         << "interest_payouts";
    }
    void eachInjectedIncidentRaisesOneAlert()
    {
        QFETCH(QString, incident);
        QFETCH(QString, detector);
        QFETCH(QString, kind);
        QFETCH(QString, title);
        QFETCH(QString, table);
        const QString actor = QStringLiteral("injected_") + incident;
        auto truthRows = [&] {
            return m_copy
                ->value(QStringLiteral("SELECT count(*) FROM demo_truth.changes WHERE actor = "
                                       "'%1' AND table_name = '%2'")
                            .arg(actor, table))
                .toInt();
        };
        auto followed = [&](const QJsonObject &event) {
            return field(event, QStringLiteral("detector")) == detector &&
                   field(event, QStringLiteral("kind")) == kind &&
                   field(event, QStringLiteral("title")).contains(title);
        };

        // Injected: within one interval, one alert of its detector opens.
        inject(incident);
        const int firstRows = truthRows();
        QVERIFY(firstRows > 0);
        QVector<QJsonObject> seen;
        QElapsedTimer timer;
        timer.start();
        const QJsonObject opened =
            waitFor(QStringLiteral("opened"), followed, kWithinOneIntervalMs, seen);
        QVERIFY2(!opened.isEmpty(),
                 qPrintable(QStringLiteral("%1 deliveries, none followed").arg(seen.size())));
        qInfo("%s: alert opened %lld ms after the injection: %s", qPrintable(incident),
              timer.elapsed(), qPrintable(opened.value(QStringLiteral("text")).toString()));
        const QString fingerprint = field(opened, QStringLiteral("fingerprint"));
        QCOMPARE(field(opened, QStringLiteral("rows")).toInt(), firstRows);

        // Injected again: the same alert grows once, revision 2, with the new rows.
        inject(incident);
        const int grownRows = truthRows();
        QVERIFY(grownRows > firstRows);
        auto same = [&](const QJsonObject &event) {
            return field(event, QStringLiteral("fingerprint")) == fingerprint;
        };
        const QJsonObject grown =
            waitFor(QStringLiteral("grown"), same, kWithinOneIntervalMs, seen);
        QVERIFY2(!grown.isEmpty(), qPrintable(incident));
        QCOMPARE(field(grown, QStringLiteral("revision")), QStringLiteral("2"));
        QCOMPARE(field(grown, QStringLiteral("id")), field(opened, QStringLiteral("id")));
        QCOMPARE(field(grown, QStringLiteral("rows")).toInt(), grownRows);

        // The runs after it judge the same window again: nothing new at the
        // webhook, and for this incident one opening and one growth in all.
        const int runsBefore = runs();
        QTRY_VERIFY_WITH_TIMEOUT(runs() >= runsBefore + 2, 60000);
        QTest::qWait(1500); // the delivery thread's round
        for (const auto &delivery : fresh())
            seen << delivery.body;
        int openings = 0;
        int growths = 0;
        QStringList openedAlerts;
        for (const QJsonObject &event : seen) {
            if (event.value(QStringLiteral("event")).toString() == u"opened")
                openedAlerts << event.value(QStringLiteral("text")).toString();
            openings +=
                event.value(QStringLiteral("event")).toString() == u"opened" && followed(event);
            growths += same(event) && event.value(QStringLiteral("event")).toString() == u"grown";
            QVERIFY2(event.value(QStringLiteral("event")).toString() != u"closed",
                     qPrintable(event.value(QStringLiteral("text")).toString()));
        }
        QCOMPARE(openings, 1);
        QCOMPARE(growths, 1);
        // One alert for the incident, not one per finding of it (the wrong
        // charges are four findings, the staging refunds two).
        QVERIFY2(openedAlerts.size() == 1, qPrintable(openedAlerts.join(u'\n')));
        QCOMPARE(m_copy->value(QStringLiteral("SELECT count(*) FROM payops.watch_alerts WHERE "
                                              "fingerprint = '%1' AND closed_at IS NULL")
                                   .arg(fingerprint)),
                 QStringLiteral("1"));
        // The copy's manifest lists the injection as an incident of its own.
        QCOMPARE(m_copy->value(QStringLiteral("SELECT demo_truth.manifest() -> 'incidents' -> '%1' "
                                              "-> 'window' ->> 'to' IS NOT NULL")
                                   .arg(actor)),
                 QStringLiteral("t"));
    }
};

QTEST_GUILESS_MAIN(TestWatchInject)
#include "test_watch_inject.moc"
