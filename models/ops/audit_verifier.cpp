#include "ops/audit_verifier.h"

#include "core/money.h"
#include "core/result_table.h"
#include "db/session.h"

namespace payops::ops {

QString AuditVerdict::message() const
{
    if (intact)
        return QStringLiteral("The audit chain is intact (%1 rows).").arg(formatCount(rows));
    return QStringLiteral(
               "The audit chain is broken at row %1: %2. Every row from there on is suspect; "
               "compare with a backup and find out who changed it.")
        .arg(brokenSeq)
        .arg(problem);
}

AuditVerdict verifyAuditChain(db::Session &session)
{
    AuditVerdict verdict;
    verdict.rows = session.query(QStringLiteral("SELECT count(*) FROM payops.audit_log"))
                       .rows[0][0]
                       .toLongLong();
    const ResultTable broken = session.query(
        QStringLiteral("SELECT broken_seq, problem FROM payops.verify_audit_chain()"));
    if (broken.rowCount() > 0) {
        verdict.intact = false;
        verdict.brokenSeq = broken.rows[0][0].toLongLong();
        verdict.problem = broken.rows[0][1];
    }
    return verdict;
}

} // namespace payops::ops
