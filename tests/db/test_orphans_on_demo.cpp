// The orphan detector against the demo's ground truth, through the engine
// and through the command line an operator or cron job would use.
#include "detect/orphan_detector.h"
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace payops;

using test::CliRun;
using test::runCli;

class TestOrphansOnDemo : public QObject
{
    Q_OBJECT

    QSet<qint64> m_truth;

private slots:
    void initTestCase()
    {
        for (const auto &row :
             test::adminSession()
                 ->query(QStringLiteral("SELECT payment_id FROM demo_truth.orphans"))
                 .rows)
            m_truth.insert(row[0].toLongLong());
        QVERIFY(m_truth.size() > 100);
    }

    void precisionAndRecallAreBothComplete()
    {
        db::Session session(test::liveProfile(), QString(), db::SessionOptions());
        QSet<qint64> found;
        for (const auto &row :
             session.query(detect::OrphanDetector::rowsSql(schema::SchemaProfile::demo())).rows)
            found.insert(row[0].toLongLong());
        const QSet<qint64> missed = m_truth - found;
        const QSet<qint64> extra = found - m_truth;
        QVERIFY2(missed.isEmpty(),
                 qPrintable(QStringLiteral("recall < 100%: %1 orphans missed").arg(missed.size())));
        QVERIFY2(
            extra.isEmpty(),
            qPrintable(QStringLiteral("precision < 100%: %1 false orphans").arg(extra.size())));
    }

    void reasonsAndTotalsMatchTheManifest()
    {
        db::Session session(test::liveProfile(), QString(), db::SessionOptions());
        const auto result = detect::OrphanDetector::run(session, schema::SchemaProfile::demo());
        const QJsonObject orphans = test::manifest().value(QStringLiteral("orphans")).toObject();
        QCOMPARE(result.finding.rowCount, qint64(m_truth.size()));
        const QJsonObject byReason = orphans.value(QStringLiteral("by_reason")).toObject();
        for (auto it = byReason.begin(); it != byReason.end(); ++it)
            QCOMPARE(result.byReason.value(it.key()).payments, qint64(it.value().toDouble()));
        const QJsonObject totals = orphans.value(QStringLiteral("totals")).toObject();
        QCOMPARE(result.finding.totals.currencies().size(), totals.size());
        for (auto it = totals.begin(); it != totals.end(); ++it)
            QCOMPARE(result.finding.totals.minorFor(it.key()), qint64(it.value().toDouble()));
        QCOMPARE(result.finding.userCount,
                 qint64(orphans.value(QStringLiteral("users")).toArray().size()));
        QCOMPARE(result.finding.severity, Severity::High);
    }

    void paymentsRefundedByTheStagingJobAreNotOrphans()
    {
        // Incident 3: the staging job thought these were orphans; they are not.
        db::Session session(test::liveProfile(), QString(), db::SessionOptions());
        const ResultTable r =
            session.query(QStringLiteral("WITH orphans AS (%1) SELECT count(*) FROM orphans o "
                                         "JOIN refunds r ON r.payment_id = o.row_key "
                                         "WHERE r.source_env = 'staging'")
                              .arg(detect::OrphanDetector::rowsSql(schema::SchemaProfile::demo())));
        QCOMPARE(r.rows[0][0], QStringLiteral("0"));
    }

    void cliJsonEqualsTheManifest()
    {
        const CliRun run =
            runCli({QStringLiteral("scan"), QStringLiteral("orphans"), QStringLiteral("--db"),
                    test::demoCluster().liveUri(), QStringLiteral("--format"),
                    QStringLiteral("json"), QStringLiteral("--rows")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject scan = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(scan.value(QStringLiteral("format")).toString(), QStringLiteral("payops-scan/1"));
        const QJsonArray findings = scan.value(QStringLiteral("findings")).toArray();
        QCOMPARE(findings.size(), 1);
        const QJsonObject document = findings.first().toObject();
        QCOMPARE(document.value(QStringLiteral("detector")).toString(), QStringLiteral("orphans"));
        QCOMPARE(document.value(QStringLiteral("severity")).toString(), QStringLiteral("high"));
        QCOMPARE(qint64(document.value(QStringLiteral("rows")).toDouble()), qint64(m_truth.size()));
        QSet<qint64> ids;
        for (const QJsonValue &row : document.value(QStringLiteral("affected_rows")).toArray())
            ids.insert(row.toObject().value(QStringLiteral("row_key")).toString().toLongLong());
        QCOMPARE(ids, m_truth);
        const QJsonObject expected = test::manifest()
                                         .value(QStringLiteral("orphans"))
                                         .toObject()
                                         .value(QStringLiteral("totals"))
                                         .toObject();
        const QJsonObject totals = document.value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.keys(), expected.keys());
        for (const QString &currency : expected.keys())
            QCOMPARE(
                qint64(totals.value(currency).toObject().value(QStringLiteral("minor")).toDouble()),
                qint64(expected.value(currency).toDouble()));
        QVERIFY(document.value(QStringLiteral("sql"))
                    .toObject()
                    .value(QStringLiteral("rows"))
                    .toString()
                    .contains(QStringLiteral("FROM \"public\".\"payments\" AS c")));
    }

    void cliCsvHasOneLinePerOrphan()
    {
        const CliRun run = runCli({QStringLiteral("scan"), QStringLiteral("orphans"),
                                   QStringLiteral("--db"), test::demoCluster().liveUri(),
                                   QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(run.exitCode, 0);
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QVERIFY(lines.first().startsWith(
            "detector,kind,severity,finding,row_key,user_id,amount_minor,currency"));
        QCOMPARE(lines.size() - 1, m_truth.size());
    }

    void cliExitStatusSpeaksForCron()
    {
        const CliRun high = runCli({QStringLiteral("scan"), QStringLiteral("orphans"),
                                    QStringLiteral("--db"), test::demoCluster().liveUri(),
                                    QStringLiteral("--fail-on"), QStringLiteral("high")});
        QCOMPARE(high.exitCode, 3);
        const CliRun critical = runCli({QStringLiteral("scan"), QStringLiteral("orphans"),
                                        QStringLiteral("--db"), test::demoCluster().liveUri(),
                                        QStringLiteral("--fail-on"), QStringLiteral("critical")});
        QCOMPARE(critical.exitCode, 0);
    }

    void cliBadInputIsOneClearLine()
    {
        const CliRun wrongDb =
            runCli({QStringLiteral("scan"), QStringLiteral("orphans"), QStringLiteral("--db"),
                    QStringLiteral("postgresql://oncall@/billing?host=%2Fnonexistent")});
        QCOMPARE(wrongDb.exitCode, 1);
        QVERIFY(wrongDb.out.isEmpty());
        QCOMPARE(wrongDb.err.trimmed().count('\n'), 0);
        QVERIFY(wrongDb.err.contains("No PostgreSQL server answered"));

        const CliRun noDetector = runCli({QStringLiteral("scan"), QStringLiteral("nosuch")});
        QCOMPARE(noDetector.exitCode, 2);
        QVERIFY(noDetector.err.contains("There is no detector \"nosuch\""));

        const CliRun badFormat = runCli({QStringLiteral("scan"), QStringLiteral("orphans"),
                                         QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(badFormat.exitCode, 2);

        const CliRun help = runCli({QStringLiteral("scan"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--fail-on"));
    }

    void cliManifestIsJson()
    {
        const CliRun run = runCli({QStringLiteral("demo"), QStringLiteral("manifest"),
                                   QStringLiteral("--dir"), test::demoCluster().stateDir()});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.object().value(QStringLiteral("incidents")).toObject().size(), 5);
    }
};

QTEST_GUILESS_MAIN(TestOrphansOnDemo)
#include "test_orphans_on_demo.moc"
