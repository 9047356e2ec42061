// The lazy rows table over a real query: pages arrive from the worker,
// QAbstractItemModelTester checks every change, and sorting and filtering
// happen in PostgreSQL.
#include "db/db_worker.h"
#include "db/thread_guard.h"
#include "detect/orphan_detector.h"
#include "items/column_presentation.h"
#include "items/query_table_model.h"
#include "support/test_demo.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace payops;

class TestQueryTableModel : public QObject
{
    Q_OBJECT

    std::unique_ptr<db::DbWorker> m_worker;
    qint64 m_orphans = 0;
    qint64 m_largestOrphan = 0;
    qint64 m_accountMissing = 0;

    void fetchAll(QueryTableModel &model)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 30000);
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 30000);
        }
    }

private slots:
    void initTestCase()
    {
        // Ground truth first: after the guard below, this thread may not query.
        m_orphans = test::adminValue(QStringLiteral("SELECT count(*) FROM demo_truth.orphans"))
                        .toLongLong();
        m_largestOrphan =
            test::adminValue(QStringLiteral("SELECT max(p.amount_minor) FROM payments p JOIN "
                                            "demo_truth.orphans o ON o.payment_id = p.id"))
                .toLongLong();
        m_accountMissing =
            test::adminValue(
                QStringLiteral(
                    "SELECT count(*) FROM demo_truth.orphans WHERE reason = 'account_missing'"))
                .toLongLong();
        db::forbidDatabaseCallsOn(QThread::currentThread());
        m_worker = std::make_unique<db::DbWorker>(
            test::liveProfile(), QString(), db::SessionOptions(), QStringLiteral("payops-test"));
        QSignalSpy opened(m_worker.get(), &db::DbWorker::opened);
        m_worker->open();
        QVERIFY(opened.wait(30000));
    }
    void cleanupTestCase() { m_worker.reset(); }

    void loadsEveryRowOnceInPages()
    {
        QueryTableModel model(m_worker.get(), nullptr, 400);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(true);
        QSignalSpy pages(&model, &QueryTableModel::pageLoaded);
        model.setQuery(detect::OrphanDetector::rowsSql(schema::SchemaProfile::demo()));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 400, 30000); // only the first page until asked
        fetchAll(model);
        QCOMPARE(qint64(model.rowCount()), m_orphans);
        QVERIFY(model.isComplete());
        QVERIFY(pages.size() >= int(m_orphans / 400));
        QSet<QString> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.rawValue(r, 0));
        QCOMPARE(qint64(ids.size()), m_orphans); // no row twice, none skipped
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Row"));
        QCOMPARE(model.columnNames().first(), QStringLiteral("row_key"));
    }

    void showsMoneyInTheRowsCurrency()
    {
        QueryTableModel model(m_worker.get());
        model.setQuery(QStringLiteral("SELECT 1 AS id, 7327136::bigint AS amount_minor, 'USD' AS "
                                      "currency, NULL::text AS note"));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10000);
        QCOMPARE(model.data(model.index(0, 1)).toString(), QStringLiteral("73,271.36 USD"));
        QCOMPARE(model.data(model.index(0, 1), Qt::EditRole).toString(), QStringLiteral("7327136"));
        QCOMPARE(model.data(model.index(0, 3)).toString(), QString()); // NULL: an empty cell
        QVERIFY(model.rawValue(0, 3).isNull());
    }

    void showsColumnsAsPeopleReadThem()
    {
        // What the finding tables held: JSON keys, microseconds, minor
        // units, text user ids, a column that does not apply.
        items::setDisplayZone("UTC");
        QueryTableModel model(m_worker.get());
        model.setQuery(QStringLiteral(
            "SELECT jsonb_build_object('id', 1000002910 + x) AS row_key, x::text AS user_id, "
            "105099::bigint AS amount_minor, 'EUR' AS currency, "
            "'2026-04-20 06:00:07.123456+00'::timestamptz AS at, NULL::text AS reason, "
            "'1050 EUR; 300 USD' AS totals_minor, 'open' AS waiting_for, 7 AS case_id "
            "FROM unnest(ARRAY[10047, 10111, 1019]) AS x"));
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 3 && !model.isLoading(), 10000);
        QStringList headers;
        for (int c = 0; c < model.columnCount(); ++c)
            headers << model.headerData(c, Qt::Horizontal).toString();
        QCOMPARE(headers, (QStringList{"Row", "User", "Amount", "Currency", "When", "Reason",
                                       "Totals", "Waiting for", "Case"}));
        const int row = int(model.columnNames().indexOf(QStringLiteral("user_id")));
        model.sort(row, Qt::AscendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 3 && !model.isLoading(), 10000);
        // Numbers sort as numbers: 1019 first, though the column is text.
        QCOMPARE(model.rawValue(0, row), QStringLiteral("1019"));
        QCOMPARE(model.rawValue(2, row), QStringLiteral("10111"));
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("1000003929"));
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("1,050.99 EUR"));
        QCOMPARE(model.data(model.index(0, 4)).toString(),
                 QStringLiteral("2026-04-20 06:00:07 UTC"));
        QCOMPARE(model.data(model.index(0, 6)).toString(), QStringLiteral("10.50 EUR; 3.00 USD"));
        QVERIFY(model.isColumnEmpty(5));
        QVERIFY(!model.isColumnEmpty(4));
        items::setDisplayZone("Asia/Tokyo");
        QCOMPARE(model.data(model.index(0, 4)).toString(),
                 QStringLiteral("2026-04-20 15:00:07 JST"));
        items::setDisplayZone("UTC");
    }

    // The detectors' codes read as words; other values stay as they are.
    void showsTheDetectorsCodesInWords()
    {
        QueryTableModel model(m_worker.get());
        model.setQuery(QStringLiteral(
            "SELECT 'parked_on_sentinel' AS reason, 'non_production_source' AS rule, "
            "'parked_on_sentinel' AS note UNION ALL SELECT 'something_else', 'above_charge', ''"));
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 2 && !model.isLoading(), 10000);
        QCOMPARE(model.data(model.index(0, 0)).toString(),
                 QStringLiteral("parked on the sentinel account"));
        QCOMPARE(model.data(model.index(0, 1)).toString(),
                 QStringLiteral("from a non-production source"));
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("parked_on_sentinel"));
        QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("something_else"));
        QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("more than the charge"));
        // The raw code stays in the model (exports, SQL).
        QCOMPARE(model.rawValue(0, 0), QStringLiteral("parked_on_sentinel"));
    }

    void sortsInTheDatabase()
    {
        QueryTableModel model(m_worker.get(), nullptr, 300);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQuery(detect::OrphanDetector::rowsSql(schema::SchemaProfile::demo()));
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0 && !model.isLoading(), 30000);
        const int amount = int(model.columnNames().indexOf(QStringLiteral("amount_minor")));
        model.sort(amount, Qt::DescendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() >= 300 && !model.isLoading(), 30000);
        QCOMPARE(model.rawValue(0, amount).toLongLong(), m_largestOrphan);
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.rawValue(r - 1, amount).toLongLong() >=
                    model.rawValue(r, amount).toLongLong());
    }

    void filtersInTheDatabase()
    {
        QueryTableModel model(m_worker.get());
        model.setQuery(detect::OrphanDetector::rowsSql(schema::SchemaProfile::demo()));
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0 && !model.isLoading(), 30000);
        model.setFilterText(QStringLiteral("ACCOUNT_MISSING")); // case does not matter
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() > 0, 30000);
        fetchAll(model);
        QCOMPARE(qint64(model.rowCount()), m_accountMissing);
        // A filter that is hostile SQL is only text.
        model.setFilterText(QStringLiteral("'; DROP TABLE payments; --"));
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.isComplete(), 30000);
        QCOMPARE(model.rowCount(), 0);
    }

    void dropsAnswersToAnEarlierQuery()
    {
        QueryTableModel model(m_worker.get());
        model.setQuery(QStringLiteral("SELECT 'stale' AS v FROM pg_sleep(1)"));
        model.setQuery(QStringLiteral("SELECT 'fresh' AS v"));
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 1 && !model.isLoading(), 10000);
        QTest::qWait(1500); // the first query's answer arrives meanwhile, and must be ignored
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rawValue(0, 0), QStringLiteral("fresh"));
    }

    void failedQueryStopsFetching()
    {
        QueryTableModel model(m_worker.get());
        QSignalSpy failed(&model, &QueryTableModel::loadFailed);
        model.setQuery(QStringLiteral("SELECT * FROM no_such_table"));
        QVERIFY(failed.wait(10000));
        QVERIFY(failed[0][0].toString().contains(QStringLiteral("billing schema")));
        QVERIFY(!model.canFetchMore({}));
    }
};

QTEST_GUILESS_MAIN(TestQueryTableModel)
#include "test_query_table_model.moc"
