// The audit chain against its own database's owner: the owner (or anyone
// acting as the owner) rewrites the log and recomputes every hash, cuts the
// newest rows off, or replaces the whole log. The database's own check
// cannot see it; the heads recorded on this machine and the approvers'
// seals must.
#include "ops/audit_seal.h"
#include "ops/audit_verifier.h"
#include "support/cli_run.h"
#include "support/scratch_payops.h"
#include "support/test_demo.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;
using test::ScratchPayops;

namespace {

// Re-hashes the chain from row `from` on, as an owner who changed a row
// and wants the chain to look intact again, head row included.
const char *kRehashFrom = R"sql(
SET session_replication_role = replica;
DO $$
DECLARE
    a payops.audit_log;
    prev text;
BEGIN
    SELECT row_hash INTO prev FROM payops.audit_log WHERE seq = %1 - 1;
    prev := coalesce(prev, 'genesis');
    FOR a IN SELECT * FROM payops.audit_log WHERE seq >= %1 ORDER BY seq LOOP
        a.prev_hash := prev;
        a.row_hash := payops.audit_row_hash(a);
        UPDATE payops.audit_log SET prev_hash = a.prev_hash, row_hash = a.row_hash WHERE seq = a.seq;
        prev := a.row_hash;
    END LOOP;
    UPDATE payops.audit_head SET (seq, row_hash) =
        (SELECT coalesce(max(seq), 0), prev FROM payops.audit_log);
END $$;
SET session_replication_role = DEFAULT;
)sql";

const QByteArray kKey = "approvers-shared-key-0123456789";

} // namespace

class TestAuditHead : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchPayops> m_db;

    void someHistory(int cases = 3)
    {
        auto op = m_db->as(QStringLiteral("operator"));
        for (int i = 0; i < cases; ++i)
            op->query(
                QStringLiteral("SELECT payops.create_case('refund the wrong charges', 'high')"));
    }
    ops::AuditVerdict check(const QString &dir, const QByteArray &key = {})
    {
        return ops::verifyAuditChainAndHeads(*m_db->as(QStringLiteral("viewer")), dir, key);
    }
    void ownerRuns(const QString &sql) { m_db->owner()->executeScript(sql); }

private slots:
    void init() { m_db = std::make_unique<ScratchPayops>(QStringLiteral("heads")); }
    void cleanup() { m_db.reset(); }

    void aRewrittenAndRehashedChainIsCaught()
    {
        QTemporaryDir heads;
        someHistory();
        QVERIFY(check(heads.path()).intact);
        ownerRuns(QStringLiteral("SET session_replication_role = replica; UPDATE "
                                 "payops.audit_log SET after = '{\"title\": \"nothing "
                                 "happened\"}' WHERE seq = 2; SET session_replication_role = "
                                 "DEFAULT;"));
        ownerRuns(QString::fromUtf8(kRehashFrom).arg(2));
        // The database alone is convinced...
        QVERIFY(ops::verifyAuditChain(*m_db->owner()).intact);
        // ...this machine is not.
        const ops::AuditVerdict verdict = check(heads.path());
        QVERIFY2(!verdict.intact, qPrintable(verdict.message()));
        QVERIFY2(verdict.problem.contains(QStringLiteral("rewritten")),
                 qPrintable(verdict.problem));
        QCOMPARE(verdict.brokenSeq, qint64(3));
    }

    void aCutChainIsCaught()
    {
        QTemporaryDir heads;
        someHistory(4);
        QVERIFY(check(heads.path()).intact);
        ownerRuns(QStringLiteral("SET session_replication_role = replica; DELETE FROM "
                                 "payops.audit_log WHERE seq > 2; SET session_replication_role = "
                                 "DEFAULT;"));
        ownerRuns(QString::fromUtf8(kRehashFrom).arg(3));
        QVERIFY(ops::verifyAuditChain(*m_db->owner()).intact);
        const ops::AuditVerdict verdict = check(heads.path());
        QVERIFY2(!verdict.intact, qPrintable(verdict.message()));
        QVERIFY2(verdict.problem.contains(QStringLiteral("gone")), qPrintable(verdict.problem));
    }

    // The log emptied and started again (as a dropped and recreated table
    // would be), with a new genuine first row.
    void aReplacedLogIsCaught()
    {
        QTemporaryDir heads;
        someHistory();
        QVERIFY(check(heads.path()).intact);
        ownerRuns(QStringLiteral(
            "SET session_replication_role = replica; TRUNCATE payops.audit_log; "
            "UPDATE payops.audit_head SET seq = 0, row_hash = 'genesis'; "
            "SET session_replication_role = DEFAULT; "
            "SET ROLE payops_owner; SELECT payops.audit('case.create', NULL, 1, NULL, "
            "'{\"title\": \"quiet day\"}'); RESET ROLE;"));
        QVERIFY(ops::verifyAuditChain(*m_db->owner()).intact);
        const ops::AuditVerdict verdict = check(heads.path());
        QVERIFY2(!verdict.intact, qPrintable(verdict.message()));
    }

    // A machine that never saw the chain has only the seals to go by.
    void sealsCatchARehashThatNoRecordedHeadSaw()
    {
        someHistory();
        ops::sealAuditHead(*m_db->as(QStringLiteral("approver")), kKey);
        someHistory(1);
        ownerRuns(QStringLiteral("SET session_replication_role = replica; UPDATE "
                                 "payops.audit_log SET after = '{\"title\": \"nothing\"}' WHERE "
                                 "seq = 1; SET session_replication_role = DEFAULT;"));
        ownerRuns(QString::fromUtf8(kRehashFrom).arg(1));
        QTemporaryDir neverSawIt;
        QVERIFY2(check(neverSawIt.path()).intact, "without a key nothing can tell (the limit)");
        QTemporaryDir neverSawItEither;
        const ops::AuditVerdict verdict = check(neverSawItEither.path(), kKey);
        QVERIFY2(!verdict.intact, qPrintable(verdict.message()));
        QVERIFY2(verdict.problem.contains(QStringLiteral("sealed")), qPrintable(verdict.problem));
    }

    void aSealNotMadeWithTheKeyIsCaught()
    {
        someHistory();
        ops::sealAuditHead(*m_db->as(QStringLiteral("approver")), kKey);
        QTemporaryDir heads;
        QVERIFY(check(heads.path(), kKey).intact);
        QCOMPARE(check(heads.path(), kKey).sealsChecked, 1);
        // The owner forges a seal for the head it would like to have.
        ownerRuns(QStringLiteral("INSERT INTO payops.audit_seals (seq, row_hash, mac, sealed_by) "
                                 "SELECT seq, row_hash, repeat('0', 64), 'finance' FROM "
                                 "payops.audit_log ORDER BY seq DESC LIMIT 1"));
        const ops::AuditVerdict verdict = check(heads.path(), kKey);
        QVERIFY2(!verdict.intact, qPrintable(verdict.message()));
        QVERIFY2(verdict.problem.contains(QStringLiteral("not made with your key")),
                 qPrintable(verdict.problem));
        // Only approvers seal, and a seal of a row that is not there is refused.
        QVERIFY(!ScratchPayops::refusal(
                     *m_db->as(QStringLiteral("operator")),
                     QStringLiteral("SELECT payops.seal_audit(1, 'x', repeat('a', 64))"))
                     .isEmpty());
        QVERIFY(!ScratchPayops::refusal(
                     *m_db->as(QStringLiteral("approver")),
                     QStringLiteral("SELECT payops.seal_audit(1, 'not the hash', repeat('a', 64))"))
                     .isEmpty());
    }

    void theHeadLogIsPrivateAndNamedByTheCheck()
    {
        QTemporaryDir heads;
        someHistory();
        const ops::AuditVerdict verdict = check(heads.path());
        QVERIFY(verdict.message().contains(verdict.headLogPath));
        QVERIFY(QFile::exists(verdict.headLogPath));
        QCOMPARE(QFile::permissions(verdict.headLogPath),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                     QFileDevice::WriteUser);
        // Nothing new: nothing appended.
        const qint64 size = QFileInfo(verdict.headLogPath).size();
        check(heads.path());
        QCOMPARE(QFileInfo(verdict.headLogPath).size(), size);
        someHistory(1);
        check(heads.path());
        QVERIFY(QFileInfo(verdict.headLogPath).size() > size);
    }

    void aReinstalledSchemaIsReported()
    {
        QTemporaryDir heads;
        someHistory();
        QVERIFY(check(heads.path()).intact);
        ownerRuns(QStringLiteral("UPDATE payops.installation SET install_id = gen_random_uuid()"));
        const ops::AuditVerdict verdict = check(heads.path());
        QVERIFY2(verdict.message().contains(QStringLiteral("installed anew")),
                 qPrintable(verdict.message()));
    }

    // payops audit verify as cron would run it: the head file named, a cut
    // caught on the next run (exit 3), and sealing by an approver.
    void theCommandLineRecordsAndCatches()
    {
        someHistory();
        const QString uri = test::demoCluster().adminUri(m_db->database());
        const auto first = test::runCli(
            {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), uri});
        QCOMPARE(first.exitCode, 0);
        QVERIFY2(first.out.contains("payops/audit-heads/"), first.out.constData());
        qputenv(ops::kSealKeyVariable, kKey);
        const auto sealed =
            test::runCli({QStringLiteral("audit"), QStringLiteral("seal"), QStringLiteral("--db"),
                          m_db->uri(QStringLiteral("approver"))});
        QVERIFY2(sealed.exitCode == 0, sealed.err.constData());
        const auto withSeals =
            test::runCli({QStringLiteral("audit"), QStringLiteral("verify"),
                          QStringLiteral("--seals"), QStringLiteral("--db"), uri});
        QVERIFY2(withSeals.exitCode == 0 && withSeals.out.contains("1 seals checked"),
                 withSeals.out.constData());
        qunsetenv(ops::kSealKeyVariable);
        ownerRuns(QStringLiteral("SET session_replication_role = replica; DELETE FROM "
                                 "payops.audit_log WHERE seq > 1; SET session_replication_role = "
                                 "DEFAULT;"));
        ownerRuns(QString::fromUtf8(kRehashFrom).arg(2));
        const auto second = test::runCli(
            {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), uri});
        QCOMPARE(second.exitCode, 3);
        QVERIFY2(second.err.contains("gone"), second.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestAuditHead)
#include "test_audit_head.moc"
