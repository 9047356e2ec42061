// The execution core (payops schema 3) on tables of its own: approved items
// applied exactly once, each conflict named and never forced, a dry run that
// answers per item and leaves nothing, a revert that puts everything back,
// and the attacks on it with plain SQL refused.
#include "core/user_error.h"
#include "db/sql_text.h"
#include "exec/batch_executor.h"
#include "exec/write_targets.h"
#include "support/scratch_payops.h"
#include "support/test_demo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace payops;
using test::ScratchPayops;

namespace {

const char *kTables = R"sql(
CREATE TABLE public.accounts (
    id     bigint PRIMARY KEY,
    email  text NOT NULL UNIQUE,
    status text NOT NULL CHECK (status IN ('active', 'cancelled')),
    note   text
);
CREATE TABLE public.subscriptions (
    id         bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES public.accounts (id),
    plan       text NOT NULL
);
CREATE TABLE public.unregistered (id bigint PRIMARY KEY, v text);
GRANT SELECT ON ALL TABLES IN SCHEMA public TO payops_viewer;
INSERT INTO public.accounts VALUES (1, 'one@example.com', 'active', NULL), (2, 'two@example.com', 'active', 'vip');
)sql";

QJsonObject item(const QString &table, const QJsonObject &key, const QJsonObject &change)
{
    return {{QStringLiteral("target_table"), table},
            {QStringLiteral("target_key"),
             QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact))},
            {QStringLiteral("change"), change}};
}
QJsonObject insertAccount(qint64 id, const QString &email, const QString &status = "active")
{
    return item(
        QStringLiteral("public.accounts"), {{"id", id}},
        {{"op", "insert"},
         {"row",
          QJsonObject{{"id", id}, {"email", email}, {"status", status}, {"note", QJsonValue()}}}});
}
QJsonObject insertSubscription(qint64 id, qint64 account)
{
    return item(QStringLiteral("public.subscriptions"), {{"id", id}},
                {{"op", "insert"},
                 {"row", QJsonObject{{"id", id}, {"account_id", account}, {"plan", "pro"}}}});
}
QJsonObject updateNote(qint64 id, const QJsonValue &seen, const QString &value)
{
    return item(QStringLiteral("public.accounts"), {{"id", id}},
                {{"op", "update"},
                 {"set", QJsonObject{{"note", value}}},
                 {"expect", QJsonObject{{"note", seen}}}});
}

} // namespace

class TestExecutionCore : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchPayops> m_db;
    qint64 m_nextId = 100;

    static QString value(db::Session &s, const QString &sql, const QStringList &params = {})
    {
        return ScratchPayops::value(s, sql, params);
    }
    static QString refusal(db::Session &s, const QString &sql, const QStringList &params = {})
    {
        return ScratchPayops::refusal(s, sql, params);
    }
    QString ownerValue(const QString &sql, const QStringList &params = {})
    {
        return value(*m_db->owner(), sql, params);
    }

    QString draft(db::Session &op, const QJsonArray &items, const QString &kind = "restore")
    {
        const QString caseId =
            value(op, QStringLiteral("SELECT payops.create_case('restore', 'high')"));
        const QString batch = value(
            op,
            QStringLiteral("SELECT payops.create_batch($1::bigint, $2, 'restore test', 'test')"),
            {caseId, kind});
        op.query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
                 {batch, QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Compact))});
        return batch;
    }
    QString approved(const QJsonArray &items)
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draft(*op, items);
        const QString hash =
            value(*op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
        m_db->as(QStringLiteral("approver"))
            ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {batch, hash});
        return batch;
    }
    exec::ExecutionReport execute(const QString &batch, db::Session *session = nullptr)
    {
        auto own = session ? nullptr : m_db->as(QStringLiteral("operator"));
        exec::BatchExecutor executor(session ? *session : *own, batch.toLongLong());
        executor.startOrResume();
        try {
            return executor.run(2);
        } catch (const UserError &e) {
            qWarning("the executor failed: %s", qPrintable(e.message()));
            throw;
        }
    }
    QString itemState(const QString &batch, int itemNo)
    {
        return ownerValue(
            QStringLiteral("SELECT state || coalesce(':' || reason, '') FROM "
                           "payops.item_runs WHERE batch_id = $1::bigint AND item_no = $2::int"),
            {batch, QString::number(itemNo)});
    }
    qint64 id() { return ++m_nextId; }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<ScratchPayops>(QStringLiteral("exec"));
        auto own = m_db->owner();
        own->executeScript(QString::fromUtf8(kTables));
        own->executeScript(QStringLiteral("UPDATE payops.installation SET environment = 'test'"));
        QCOMPARE(exec::allowWrites(
                     *own, {QStringLiteral("accounts"), QStringLiteral("public.subscriptions")}),
                 QStringList({QStringLiteral("accounts"), QStringLiteral("subscriptions")}));
    }
    void cleanupTestCase() { m_db.reset(); }

    void anApprovedRestoreAppliesEachItemOnce()
    {
        const qint64 account = id();
        const QString batch =
            approved(QJsonArray{insertAccount(account, QStringLiteral("a%1@x").arg(account)),
                                insertSubscription(id(), account),
                                updateNote(1, QJsonValue(), QStringLiteral("restored"))});
        const exec::ExecutionReport report = execute(batch);
        QCOMPARE(report.batchState, QStringLiteral("done"));
        QCOMPARE(report.counts.applied, qint64(3));
        QCOMPARE(ownerValue(
                     QStringLiteral(
                         "SELECT count(*) FROM public.subscriptions WHERE account_id = $1::bigint"),
                     {QString::number(account)}),
                 QStringLiteral("1"));
        QCOMPARE(ownerValue(QStringLiteral("SELECT note FROM public.accounts WHERE id = 1")),
                 QStringLiteral("restored"));
        // Applying again, in any way, does nothing.
        auto op = m_db->as(QStringLiteral("operator"));
        QVERIFY(refusal(*op, QStringLiteral("SELECT payops.apply_items($1::bigint, 100)"), {batch})
                    .contains(QStringLiteral("not executing")));
        const QString again = test::errorOf([&] { execute(batch); });
        QVERIFY2(again.contains(QStringLiteral("nothing to execute")), qPrintable(again));
        QCOMPARE(ownerValue(
                     QStringLiteral(
                         "SELECT count(*) FROM public.subscriptions WHERE account_id = $1::bigint"),
                     {QString::number(account)}),
                 QStringLiteral("1"));
        // The before-images say what to put back.
        QCOMPARE(ownerValue(QStringLiteral("SELECT before_image::text FROM payops.item_runs WHERE "
                                           "batch_id = $1::bigint AND item_no = 3"),
                            {batch}),
                 QStringLiteral("{\"key\": {\"id\": 1}, \"set\": {\"note\": null}}"));
    }

    void conflictsAreNamedAndNeverForced_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("the key was reused since") << 0 << "key_reused";
        QTest::newRow("a unique value is taken now") << 1 << "unique_taken";
        QTest::newRow("the field changed again") << 2 << "changed_since";
        QTest::newRow("the row is gone") << 3 << "row_missing";
        QTest::newRow("a needed parent is missing") << 4 << "parent_missing";
        QTest::newRow("a check constraint refuses") << 5 << "check_refused";
        QTest::newRow("a column added since") << 6 << "shape_changed";
    }
    void conflictsAreNamedAndNeverForced()
    {
        QFETCH(int, kind);
        QFETCH(QString, reason);
        const qint64 fresh = id();
        QJsonObject bad;
        switch (kind) {
        case 0:
            bad = insertAccount(2, QStringLiteral("other@x"));
            break;
        case 1:
            bad = insertAccount(fresh, QStringLiteral("two@example.com"));
            break;
        case 2:
            bad = updateNote(2, QStringLiteral("regular"), QStringLiteral("restored"));
            break;
        case 3:
            bad = updateNote(999999, QJsonValue(), QStringLiteral("restored"));
            break;
        case 4:
            bad = insertSubscription(fresh, 888888);
            break;
        case 5:
            bad = insertAccount(fresh, QStringLiteral("c%1@x").arg(fresh), QStringLiteral("bogus"));
            break;
        case 6: {
            bad = insertAccount(fresh, QStringLiteral("d%1@x").arg(fresh));
            QJsonObject change = bad.value(QStringLiteral("change")).toObject();
            QJsonObject row = change.value(QStringLiteral("row")).toObject();
            row.insert(QStringLiteral("legacy_flag"), true);
            change.insert(QStringLiteral("row"), row);
            bad.insert(QStringLiteral("change"), change);
            break;
        }
        }
        const qint64 neighbour = id();
        const QString batch = approved(
            QJsonArray{bad, insertAccount(neighbour, QStringLiteral("n%1@x").arg(neighbour))});
        const QString before =
            ownerValue(QStringLiteral("SELECT md5(string_agg(a::text, ',' ORDER BY id)) FROM "
                                      "public.accounts a WHERE id <> $1::bigint"),
                       {QString::number(neighbour)});
        const exec::ExecutionReport report = execute(batch);
        QCOMPARE(itemState(batch, 1), QStringLiteral("conflict:") + reason);
        QCOMPARE(itemState(batch, 2), QStringLiteral("applied"));
        QCOMPARE(report.batchState, QStringLiteral("partly_failed"));
        // The conflicting item changed nothing; its neighbour went in.
        QCOMPARE(ownerValue(QStringLiteral("SELECT md5(string_agg(a::text, ',' ORDER BY id)) FROM "
                                           "public.accounts a WHERE id <> $1::bigint"),
                            {QString::number(neighbour)}),
                 before);
        QCOMPARE(
            ownerValue(QStringLiteral("SELECT count(*) FROM public.accounts WHERE id = $1::bigint"),
                       {QString::number(neighbour)}),
            QStringLiteral("1"));
    }

    void aTableNotRegisteredIsRefusedNamingTheCommand()
    {
        const QString batch = approved(
            QJsonArray{item(QStringLiteral("public.unregistered"), {{"id", 1}},
                            {{"op", "insert"}, {"row", QJsonObject{{"id", 1}, {"v", "x"}}}})});
        const QString message = test::errorOf([&] { execute(batch); });
        QVERIFY2(message.contains(QStringLiteral("may not write public.unregistered")),
                 qPrintable(message));
        QVERIFY2(
            message.contains(QStringLiteral("payops allow-writes --table public.unregistered")),
            qPrintable(message));
        QCOMPARE(ownerValue(QStringLiteral("SELECT count(*) FROM public.unregistered")),
                 QStringLiteral("0"));
    }

    void aDryRunAnswersPerItemAndLeavesNothing()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const qint64 account = id();
        const QString batch =
            draft(*op, QJsonArray{insertAccount(account, QStringLiteral("dry%1@x").arg(account)),
                                  insertSubscription(id(), account),
                                  insertAccount(1, QStringLiteral("again@x"))});
        const QString before =
            ownerValue(QStringLiteral("SELECT (SELECT count(*) FROM public.accounts) || '/' || "
                                      "(SELECT count(*) FROM public.subscriptions) "
                                      "|| '/' || (SELECT count(*) FROM payops.item_runs) || '/' || "
                                      "(SELECT count(*) FROM payops.audit_log)"));
        const ResultTable answer =
            op->query(QStringLiteral("SELECT item_no, effect, coalesce(reason, '') FROM "
                                     "payops.dry_run($1::bigint) ORDER BY 1"),
                      {batch});
        QCOMPARE(answer.rowCount(), 3);
        QCOMPARE(answer.rows[0][1], QStringLiteral("inserted"));
        // The child sees its parent, inserted by the item before it.
        QCOMPARE(answer.rows[1][1], QStringLiteral("inserted"));
        QCOMPARE(answer.rows[2][1] + ':' + answer.rows[2][2],
                 QStringLiteral("conflict:key_reused"));
        QCOMPARE(ownerValue(QStringLiteral("SELECT (SELECT count(*) FROM public.accounts) || '/' "
                                           "|| (SELECT count(*) FROM public.subscriptions) "
                                           "|| '/' || (SELECT count(*) FROM payops.item_runs) || "
                                           "'/' || (SELECT count(*) FROM payops.audit_log)")),
                 before);
        // Finance may ask too; support may not.
        QVERIFY(refusal(*m_db->as(QStringLiteral("approver")),
                        QStringLiteral("SELECT * FROM payops.dry_run($1::bigint)"), {batch})
                    .isEmpty());
        QVERIFY(!refusal(*m_db->as(QStringLiteral("viewer")),
                         QStringLiteral("SELECT * FROM payops.dry_run($1::bigint)"), {batch})
                     .isEmpty());
    }

    void revertingPutsTheDataBackAsItWas()
    {
        const QString snapshot = QStringLiteral("SELECT md5((SELECT string_agg(a::text, ',' ORDER "
                                                "BY id) FROM public.accounts a) || '|' || "
                                                "coalesce((SELECT string_agg(s::text, ',' ORDER BY "
                                                "id) FROM public.subscriptions s), ''))");
        const QString before = ownerValue(snapshot);
        const qint64 account = id();
        const QString batch =
            approved(QJsonArray{insertAccount(account, QStringLiteral("r%1@x").arg(account)),
                                insertSubscription(id(), account),
                                updateNote(2, QStringLiteral("vip"), QStringLiteral("changed"))});
        QCOMPARE(execute(batch).batchState, QStringLiteral("done"));
        QVERIFY(ownerValue(snapshot) != before);
        auto op = m_db->as(QStringLiteral("operator"));
        const QString revert =
            value(*op, QStringLiteral("SELECT payops.draft_revert($1::bigint)"), {batch});
        QCOMPARE(
            ownerValue(QStringLiteral("SELECT kind || ':' || count(*) FROM payops.batches b JOIN "
                                      "payops.batch_items i ON i.batch_id = b.id WHERE b.id = "
                                      "$1::bigint GROUP BY kind"),
                       {revert}),
            QStringLiteral("revert:3"));
        const QString hash =
            value(*op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {revert});
        m_db->as(QStringLiteral("approver"))
            ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {revert, hash});
        QCOMPARE(execute(revert).batchState, QStringLiteral("done"));
        QCOMPARE(ownerValue(snapshot), before);
    }

    // Attacks with plain SQL.

    void noLoginWritesABillingTable_data()
    {
        QTest::addColumn<QString>("who");
        for (const char *who : {"viewer", "operator", "approver"})
            QTest::newRow(who) << who;
    }
    void noLoginWritesABillingTable()
    {
        QFETCH(QString, who);
        auto s = m_db->as(who);
        for (const QString &sql :
             {QStringLiteral("INSERT INTO public.accounts VALUES (777, 'x@x', 'active', NULL)"),
              QStringLiteral("UPDATE public.accounts SET note = 'x'"),
              QStringLiteral("DELETE FROM public.subscriptions"),
              QStringLiteral("TRUNCATE public.subscriptions")}) {
            const QString message = refusal(*s, sql);
            QVERIFY2(message.contains(QStringLiteral("privilege")),
                     qPrintable(who + ": " + sql + ": " + message));
        }
    }

    void onlyAnExecutingBatchApplies_data()
    {
        QTest::addColumn<QString>("state");
        for (const char *state : {"draft", "submitted", "rejected", "cancelled", "approved"})
            QTest::newRow(state) << state;
    }
    void onlyAnExecutingBatchApplies()
    {
        QFETCH(QString, state);
        auto op = m_db->as(QStringLiteral("operator"));
        const qint64 account = id();
        const QString batch =
            draft(*op, QJsonArray{insertAccount(account, QStringLiteral("s%1@x").arg(account))});
        if (state != u"draft") {
            const QString hash =
                value(*op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
            if (state == u"rejected")
                m_db->as(QStringLiteral("approver"))
                    ->query(QStringLiteral("SELECT payops.reject_batch($1::bigint, 'no')"),
                            {batch});
            if (state == u"cancelled")
                op->query(QStringLiteral("SELECT payops.cancel_batch($1::bigint, 'no')"), {batch});
            if (state == u"approved")
                m_db->as(QStringLiteral("approver"))
                    ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                            {batch, hash});
        }
        for (const QString &sql :
             {QStringLiteral("SELECT payops.claim_execution($1::bigint)"),
              QStringLiteral("SELECT * FROM payops.apply_items($1::bigint, 10)")}) {
            const QString message = refusal(*op, sql, {batch});
            QVERIFY2(message.contains(QStringLiteral("is not executing")), qPrintable(message));
        }
        QCOMPARE(
            ownerValue(QStringLiteral("SELECT count(*) FROM public.accounts WHERE id = $1::bigint"),
                       {QString::number(account)}),
            QStringLiteral("0"));
    }

    void aTamperedItemIsNotApplied()
    {
        const qint64 account = id();
        const QString batch =
            approved(QJsonArray{insertAccount(account, QStringLiteral("t%1@x").arg(account))});
        auto op = m_db->as(QStringLiteral("operator"));
        exec::BatchExecutor executor(*op, batch.toLongLong());
        executor.startOrResume();
        // A superuser rewrites the frozen row behind the triggers' back.
        m_db->owner()->executeScript(
            QStringLiteral(
                "SET session_replication_role = replica; UPDATE payops.batch_items SET change = "
                "jsonb_set(change, '{row,status}', '\"cancelled\"') WHERE batch_id = %1; "
                "SET session_replication_role = DEFAULT;")
                .arg(batch));
        const QString message = test::errorOf([&] { executor.run(); });
        QVERIFY2(message.contains(QStringLiteral("not the item that was approved")),
                 qPrintable(message));
        QCOMPARE(
            ownerValue(QStringLiteral("SELECT count(*) FROM public.accounts WHERE id = $1::bigint"),
                       {QString::number(account)}),
            QStringLiteral("0"));
        QCOMPARE(itemState(batch, 1), QStringLiteral("pending"));
    }

    void anEndedItemNeverChangesAgain()
    {
        const qint64 account = id();
        const QString batch =
            approved(QJsonArray{insertAccount(account, QStringLiteral("e%1@x").arg(account))});
        execute(batch);
        auto own = m_db->owner();
        own->executeScript(QStringLiteral("SET ROLE payops_owner"));
        for (const QString &sql :
             {QStringLiteral(
                  "UPDATE payops.item_runs SET state = 'pending' WHERE batch_id = $1::bigint"),
              QStringLiteral(
                  "UPDATE payops.item_runs SET before_image = '{}' WHERE batch_id = $1::bigint"),
              QStringLiteral("DELETE FROM payops.item_runs WHERE batch_id = $1::bigint")}) {
            const QString message = refusal(*own, sql, {batch});
            QVERIFY2(!message.isEmpty(), qPrintable(QStringLiteral("allowed: ") + sql));
        }
    }

    void twoExecutorsAtOnceAreRefused()
    {
        const QString batch =
            approved(QJsonArray{insertAccount(id(), QStringLiteral("x%1@x").arg(m_nextId)),
                                insertAccount(id(), QStringLiteral("x%1@x").arg(m_nextId))});
        auto first = m_db->as(QStringLiteral("operator"));
        exec::BatchExecutor one(*first, batch.toLongLong());
        one.startOrResume();
        auto second = m_db->as(QStringLiteral("operator2"));
        const QString message = test::errorOf([&] {
            exec::BatchExecutor two(*second, batch.toLongLong());
            two.startOrResume();
        });
        QVERIFY2(message.contains(QStringLiteral("is being executed by %1")
                                      .arg(m_db->role(QStringLiteral("operator")))),
                 qPrintable(message));
        // Nor can the second apply without the claim.
        QVERIFY(refusal(*second, QStringLiteral("SELECT * FROM payops.apply_items($1::bigint, 10)"),
                        {batch})
                    .contains(QStringLiteral("does not hold the execution")));
        // Once the first executor's process is gone, the second resumes.
        first.reset();
        QTRY_VERIFY_WITH_TIMEOUT(test::errorOf([&] {
                                     exec::BatchExecutor two(*second, batch.toLongLong());
                                     two.startOrResume();
                                 }).isEmpty(),
                                 10000);
        exec::BatchExecutor two(*second, batch.toLongLong());
        QCOMPARE(two.run().batchState, QStringLiteral("done"));
    }

    void aBatchRunsOnlyOnItsOwnDatabase()
    {
        const QString batch =
            approved(QJsonArray{insertAccount(id(), QStringLiteral("c%1@x").arg(m_nextId))});
        {
            auto op = m_db->as(QStringLiteral("operator"));
            exec::BatchExecutor executor(*op, batch.toLongLong());
            executor.startOrResume();
        }
        const QString copy = m_db->database() + QStringLiteral("_copy");
        db::SessionOptions writable;
        writable.readOnly = false;
        db::Session admin(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres"))),
            QString(), writable);
        admin.executeScript(
            QStringLiteral(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1'")
                .arg(m_db->database()));
        admin.executeScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2")
                                .arg(db::quoteIdent(copy), db::quoteIdent(m_db->database())));
        QString message;
        {
            db::Session elsewhere(
                ConnectionProfile::fromUri(test::demoCluster().socketUri(
                    m_db->role(QStringLiteral("operator")) + QStringLiteral(":pw"), copy)),
                QString(), writable);
            message = test::errorOf([&] {
                exec::BatchExecutor executor(elsewhere, batch.toLongLong());
                executor.startOrResume();
                executor.run();
            });
        }
        admin.executeScript(
            QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(db::quoteIdent(copy)));
        QVERIFY2(message.contains(QStringLiteral("was built on database %1").arg(m_db->database())),
                 qPrintable(message));
    }

    void onlyAnOwnerRegistersWriteTargets()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString message =
            test::errorOf([&] { exec::allowWrites(*op, {QStringLiteral("public.unregistered")}); });
        QVERIFY2(message.contains(QStringLiteral("owner")), qPrintable(message));
        QVERIFY(!exec::writeTargets(*m_db->owner()).contains(QStringLiteral("unregistered")));
        QVERIFY(
            !refusal(
                 *op,
                 QStringLiteral(
                     "INSERT INTO payops.write_targets VALUES ('public.unregistered'::regclass)"))
                 .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestExecutionCore)
#include "test_execution_core.moc"
