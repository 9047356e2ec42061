// The two-person rule as PostgreSQL enforces it: each rule is attacked with
// plain SQL by the wrong role, as a modified client would, and must be
// refused by the database itself.
#include "core/user_error.h"
#include "db/sql_text.h"
#include "ops/audit_verifier.h"
#include "ops/migrator.h"
#include "ops/role_grants.h"
#include "support/scratch_payops.h"
#include "support/test_demo.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>

using namespace payops;

class TestTwoPersonRule : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::ScratchPayops> m_db;
    QString m_operator, m_approver; // login role names, as the audit log records them

    std::unique_ptr<db::Session> as(const QString &who) { return m_db->as(who); }
    std::unique_ptr<db::Session> owner() { return m_db->owner(); }
    static QString value(db::Session &s, const QString &sql, const QStringList &params = {})
    {
        return test::ScratchPayops::value(s, sql, params);
    }
    static QString refusal(db::Session &s, const QString &sql, const QStringList &params = {})
    {
        return test::ScratchPayops::refusal(s, sql, params);
    }

    // A submitted batch built by m_operator with the given USD amounts; returns id and hash.
    QPair<QString, QString> submittedBatch(const QList<qint64> &amounts, const QString &keyPrefix)
    {
        auto op = as(QStringLiteral("operator"));
        const QString caseId =
            value(*op, QStringLiteral("SELECT payops.create_case('refund wrong charges', 'high')"));
        const QString batch = value(
            *op, QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'test', 'demo')"),
            {caseId});
        int n = 0;
        for (qint64 amount : amounts)
            op->query(
                QStringLiteral(
                    "SELECT payops.add_batch_item($1::bigint, 'payments', $2, $3::bigint, 'USD', "
                    "'{\"refund\": true}'::jsonb)"),
                {batch, keyPrefix + QString::number(++n), QString::number(amount)});
        const QString hash =
            value(*op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
        return {batch, hash};
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<test::ScratchPayops>(QStringLiteral("rules"));
        m_operator = m_db->role(QStringLiteral("operator"));
        m_approver = m_db->role(QStringLiteral("approver"));
    }

    void cleanupTestCase() { m_db.reset(); }

    void migrationsRunOnceAndAgainChangeNothing()
    {
        auto own = owner();
        QCOMPARE(ops::Migrator::installedVersion(*own), ops::Migrator::latestVersion());
        QVERIFY(ops::Migrator::migrate(*own, [](const QString &) {}).isEmpty());
        QVERIFY(ops::Migrator::versionProblem(*own).isEmpty());
        QCOMPARE(value(*own, QStringLiteral("SELECT count(*) FROM payops.schema_version")),
                 QString::number(ops::Migrator::available().size()));
    }

    void migrationsApplyOnTheDemoToo()
    {
        db::SessionOptions writable;
        writable.readOnly = false;
        db::Session billing(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("billing"))),
            QString(), writable);
        ops::Migrator::migrate(billing, [](const QString &) {});
        QCOMPARE(ops::Migrator::installedVersion(billing), ops::Migrator::latestVersion());
        QVERIFY(ops::Migrator::migrate(billing, [](const QString &) {}).isEmpty());
        // The billing data is untouched by it.
        QVERIFY(value(billing, QStringLiteral("SELECT count(*) FROM payments")).toLongLong() >
                100000);
    }

    void theHappyPathIsAuditedAndChained()
    {
        const auto [batch, hash] = submittedBatch({1500, 2500}, QStringLiteral("happy-"));
        QCOMPARE(hash.size(), 64);
        auto approver = as(QStringLiteral("approver"));
        QCOMPARE(value(*approver, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                       {batch, hash}),
                 QStringLiteral("approved"));
        auto op = as(QStringLiteral("operator"));
        QVERIFY(refusal(*op, QStringLiteral("SELECT payops.begin_execution($1::bigint, $2)"),
                        {batch, hash})
                    .isEmpty());
        QCOMPARE(value(*op,
                       QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"),
                       {batch}),
                 QStringLiteral("executing"));
        const QString actions =
            value(*op,
                  QStringLiteral("SELECT string_agg(action || ':' || db_role, ',' ORDER BY seq) "
                                 "FROM payops.audit_log WHERE batch_id = $1::bigint"),
                  {batch});
        QCOMPARE(actions,
                 QStringLiteral("batch.create:%1,batch.submit:%1,batch.approve:%2,batch.execute:%1")
                     .arg(m_operator, m_approver));
        QVERIFY(value(*op, QStringLiteral(
                               "SELECT client FROM payops.audit_log ORDER BY seq DESC LIMIT 1"))
                    .startsWith(QStringLiteral("payops-test")));
        QVERIFY(ops::verifyAuditChain(*op).intact);
    }

    void nobodyApprovesTheirOwnBatch()
    {
        auto both = as(QStringLiteral("both"));
        const QString caseId =
            value(*both, QStringLiteral("SELECT payops.create_case('own', 'low')"));
        const QString batch = value(
            *both,
            QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'mine', 'demo')"),
            {caseId});
        both->query(
            QStringLiteral(
                "SELECT payops.add_batch_item($1::bigint, 'payments', 'own-1', 100, 'USD', '{}')"),
            {batch});
        const QString hash =
            value(*both, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
        const QString message = refusal(
            *both, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {batch, hash});
        QVERIFY2(message.contains(QStringLiteral("may not approve")), qPrintable(message));
        QCOMPARE(value(*both,
                       QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"),
                       {batch}),
                 QStringLiteral("submitted"));
    }

    void operatorsCannotApprove()
    {
        const auto [batch, hash] = submittedBatch({100}, QStringLiteral("op-"));
        auto other = as(QStringLiteral("operator2"));
        const QString message = refusal(
            *other, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {batch, hash});
        QVERIFY2(message.contains(QStringLiteral("permission denied for function approve_batch")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("payops grant approver")), qPrintable(message));
    }

    void aStaleHashIsRefused()
    {
        const auto [batch, hash] = submittedBatch({100}, QStringLiteral("stale-"));
        auto approver = as(QStringLiteral("approver"));
        QString wrong = hash;
        wrong[0] = wrong[0] == QLatin1Char('a') ? QLatin1Char('b') : QLatin1Char('a');
        const QString message =
            refusal(*approver, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                    {batch, wrong});
        QVERIFY2(message.contains(QStringLiteral("hash mismatch")), qPrintable(message));
    }

    void itemsAreFrozenAfterSubmit()
    {
        const auto [batch, hash] = submittedBatch({100}, QStringLiteral("frozen-"));
        auto op = as(QStringLiteral("operator"));
        QVERIFY(
            !refusal(
                 *op,
                 QStringLiteral(
                     "SELECT payops.add_batch_item($1::bigint, 'payments', 'x', 1, 'USD', '{}')"),
                 {batch})
                 .isEmpty());
        const QString direct = refusal(
            *op,
            QStringLiteral(
                "UPDATE payops.batch_items SET amount_minor = 999999 WHERE batch_id = $1::bigint"),
            {batch});
        QVERIFY2(direct.contains(QStringLiteral("lacks the privilege")), qPrintable(direct));
        // Not even the owner: the trigger refuses.
        auto own = owner();
        const QString byOwner = refusal(
            *own,
            QStringLiteral(
                "UPDATE payops.batch_items SET amount_minor = 999999 WHERE batch_id = $1::bigint"),
            {batch});
        QVERIFY2(byOwner.contains(QStringLiteral("frozen")), qPrintable(byOwner));
        QCOMPARE(value(*op, QStringLiteral("SELECT payops.batch_hash($1::bigint)"), {batch}), hash);
    }

    void executionNeedsApprovalAndTheSameDatabase()
    {
        const auto [batch, hash] = submittedBatch({100}, QStringLiteral("exec-"));
        {
            auto op = as(QStringLiteral("operator"));
            QVERIFY(refusal(*op, QStringLiteral("SELECT payops.begin_execution($1::bigint, $2)"),
                            {batch, hash})
                        .contains(QStringLiteral("not approved")));
            as(QStringLiteral("approver"))
                ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                        {batch, hash});
        } // every session closed: the database can be copied now
        // A copy of the database carries the same approved batch, byte for
        // byte (same hash): executing it there must still be refused.
        const QString copy = m_db->database() + QStringLiteral("_copy");
        db::SessionOptions writable;
        writable.readOnly = false;
        db::Session admin(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres"))),
            QString(), writable);
        admin.executeScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2")
                                .arg(db::quoteIdent(copy), db::quoteIdent(m_db->database())));
        QString message;
        {
            db::Session elsewhere(ConnectionProfile::fromUri(test::demoCluster().socketUri(
                                      m_operator + QStringLiteral(":pw"), copy)),
                                  QString(), writable);
            message =
                refusal(elsewhere, QStringLiteral("SELECT payops.begin_execution($1::bigint, $2)"),
                        {batch, hash});
        }
        admin.executeScript(
            QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(db::quoteIdent(copy)));
        QVERIFY2(message.contains(QStringLiteral("was built on database %1").arg(m_db->database())),
                 qPrintable(message));
        // On its own database the same batch runs.
        auto op = as(QStringLiteral("operator"));
        QVERIFY(refusal(*op, QStringLiteral("SELECT payops.begin_execution($1::bigint, $2)"),
                        {batch, hash})
                    .isEmpty());
    }

    void approvalsAndAuditCannotBeWrittenDirectly()
    {
        const auto [batch, hash] = submittedBatch({100}, QStringLiteral("direct-"));
        auto approver = as(QStringLiteral("approver"));
        QVERIFY(refusal(*approver,
                        QStringLiteral("INSERT INTO payops.approvals VALUES ($1::bigint, "
                                       "current_user, 'approved', NULL, $2, now())"),
                        {batch, hash})
                    .contains(QStringLiteral("lacks the privilege")));
        QVERIFY(refusal(*approver,
                        QStringLiteral(
                            "UPDATE payops.batches SET state = 'approved' WHERE id = $1::bigint"),
                        {batch})
                    .contains(QStringLiteral("lacks the privilege")));
        QVERIFY(refusal(*approver,
                        QStringLiteral(
                            "INSERT INTO payops.audit_log SELECT * FROM payops.audit_log LIMIT 1"))
                    .contains(QStringLiteral("lacks the privilege")));
        QVERIFY(refusal(*approver,
                        QStringLiteral("SELECT payops.audit('forged', NULL, NULL, NULL, NULL)"))
                    .contains(QStringLiteral("lacks the privilege")));
    }

    void auditRowsCannotBeChangedEvenByTheOwner()
    {
        auto own = owner();
        QVERIFY(
            refusal(*own, QStringLiteral("UPDATE payops.audit_log SET action = 'x' WHERE seq = 1"))
                .contains(QStringLiteral("append-only")));
        QVERIFY(refusal(*own, QStringLiteral("DELETE FROM payops.audit_log WHERE seq = 1"))
                    .contains(QStringLiteral("append-only")));
        QVERIFY(refusal(*own, QStringLiteral("TRUNCATE payops.audit_log"))
                    .contains(QStringLiteral("append-only")));
    }

    void rejectionNeedsAReasonAndIsKept()
    {
        const auto [batch, hash] = submittedBatch({100}, QStringLiteral("reject-"));
        auto approver = as(QStringLiteral("approver"));
        QVERIFY(refusal(*approver, QStringLiteral("SELECT payops.reject_batch($1::bigint, '  ')"),
                        {batch})
                    .contains(QStringLiteral("needs a reason")));
        approver->query(
            QStringLiteral(
                "SELECT payops.reject_batch($1::bigint, 'amounts do not match the charges')"),
            {batch});
        QCOMPARE(value(*approver,
                       QStringLiteral("SELECT decision || ': ' || reason FROM payops.approvals "
                                      "WHERE batch_id = $1::bigint"),
                       {batch}),
                 QStringLiteral("rejected: amounts do not match the charges"));
        QVERIFY(refusal(*approver, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                        {batch, hash})
                    .contains(QStringLiteral("not waiting for approval")));
    }

    void largeBatchesNeedTwoDistinctApprovers()
    {
        // 20,000.00 USD is above the default 10,000.00 USD policy.
        const auto [batch, hash] = submittedBatch({1500000, 500000}, QStringLiteral("large-"));
        auto first = as(QStringLiteral("approver"));
        QCOMPARE(value(*first, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                       {batch, hash}),
                 QStringLiteral("submitted"));
        QVERIFY(!refusal(*first, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                         {batch, hash})
                     .isEmpty());
        auto second = as(QStringLiteral("approver2"));
        QCOMPARE(value(*second, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                       {batch, hash}),
                 QStringLiteral("approved"));
    }

    void onlyTheAuthorCancelsAndOnlyBeforeApproval()
    {
        const auto [batch, hash] = submittedBatch({100}, QStringLiteral("cancel-"));
        auto other = as(QStringLiteral("operator2"));
        QVERIFY(refusal(*other,
                        QStringLiteral("SELECT payops.cancel_batch($1::bigint, 'not mine')"),
                        {batch})
                    .contains(QStringLiteral("only the author")));
        auto op = as(QStringLiteral("operator"));
        QVERIFY(refusal(*op, QStringLiteral("SELECT payops.cancel_batch($1::bigint, '')"), {batch})
                    .contains(QStringLiteral("needs a reason")));
        QVERIFY(
            refusal(*op,
                    QStringLiteral(
                        "SELECT payops.cancel_batch($1::bigint, 'built from the wrong finding')"),
                    {batch})
                .isEmpty());
        QCOMPARE(value(*op,
                       QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"),
                       {batch}),
                 QStringLiteral("cancelled"));
        // A cancelled batch can no longer be approved.
        QVERIFY(refusal(*as(QStringLiteral("approver")),
                        QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                        {batch, hash})
                    .contains(QStringLiteral("not waiting for approval")));
    }

    void twoPendingBatchesCannotChangeTheSameRows()
    {
        submittedBatch({100}, QStringLiteral("shared-"));
        auto op = as(QStringLiteral("operator2"));
        const QString caseId =
            value(*op, QStringLiteral("SELECT payops.create_case('again', 'low')"));
        const QString batch = value(
            *op, QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'dup', 'demo')"),
            {caseId});
        op->query(QStringLiteral("SELECT payops.add_batch_item($1::bigint, 'payments', 'shared-1', "
                                 "100, 'USD', '{}')"),
                  {batch});
        const QString message =
            refusal(*op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
        QVERIFY2(message.contains(QStringLiteral("still pending")), qPrintable(message));
    }

    void aDoctoredChainIsCaught()
    {
        auto own = owner();
        QVERIFY(ops::verifyAuditChain(*own).intact);
        // Someone with the power to disable triggers rewrites history.
        own->executeScript(QStringLiteral(
            "ALTER TABLE payops.audit_log DISABLE TRIGGER audit_log_is_append_only; "
            "UPDATE payops.audit_log SET after = '{\"state\": \"approved\"}' WHERE seq = 3; "
            "ALTER TABLE payops.audit_log ENABLE TRIGGER audit_log_is_append_only;"));
        const ops::AuditVerdict verdict = ops::verifyAuditChain(*own);
        QVERIFY(!verdict.intact);
        QCOMPARE(verdict.brokenSeq, qint64(3));
        QVERIFY(verdict.message().contains(QStringLiteral("broken at row 3")));

        QProcess cli;
        cli.start(QStringLiteral(PAYOPS_CLI_PATH),
                  {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"),
                   test::demoCluster().adminUri(m_db->database())});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 3);
        QVERIFY(cli.readAllStandardError().contains("broken at row 3"));
    }
};

QTEST_GUILESS_MAIN(TestTwoPersonRule)
#include "test_two_person_rule.moc"
