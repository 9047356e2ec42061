#include "workspace/console_jobs.h"

#include "core/finding.h"
#include "items/csv_export.h"
#include "ops/audit_verifier.h"
#include "ops/cases.h"
#include "ops/migrator.h"

namespace payops::workspace {

db::DbWorker::Job openCaseJob(const Finding &finding)
{
    return [finding](db::Session &session, const db::JobProgress &) {
        return QVariant(ops::openCaseFromFinding(session, finding));
    };
}

db::DbWorker::Job openIncidentCaseJob(const detect::Incident &incident)
{
    return [incident](db::Session &session, const db::JobProgress &progress) {
        const qint64 caseId = ops::openCaseFromFinding(session, incident.headline);
        for (const Finding &f : detect::findingsBesideHeadline(incident)) {
            progress.report(-1, QStringLiteral("Attaching %1").arg(f.title));
            ops::attachFinding(session, caseId, f);
        }
        return QVariant(caseId);
    };
}

db::DbWorker::Job caseChoicesJob(const Finding &finding)
{
    return [finding](db::Session &session, const db::JobProgress &) {
        return QVariant::fromValue(ops::caseChoicesFor(session, finding));
    };
}

db::DbWorker::Job attachFindingJob(qint64 caseId, const Finding &finding)
{
    return [caseId, finding](db::Session &session, const db::JobProgress &) {
        ops::attachFinding(session, caseId, finding);
        return QVariant(caseId);
    };
}

db::DbWorker::Job addCaseNoteJob(qint64 caseId, const QString &text)
{
    return [caseId, text](db::Session &session, const db::JobProgress &) {
        ops::addCaseNote(session, caseId, text);
        return QVariant(caseId);
    };
}

db::DbWorker::Job payopsSchemaCheckJob()
{
    return [](db::Session &session, const db::JobProgress &) {
        return QVariant(ops::Migrator::versionProblem(session));
    };
}

db::DbWorker::Job auditChainCheckJob()
{
    return [](db::Session &session, const db::JobProgress &) {
        if (ops::Migrator::installedVersion(session) == 0)
            return QVariant();
        // Checked against the heads this machine has seen, which it
        // then records: the owner cannot cut or rewrite it unnoticed.
        const ops::AuditVerdict verdict = ops::verifyAuditChainAndHeads(session);
        return QVariant(QStringList{verdict.intact ? QStringLiteral("1") : QStringLiteral("0"),
                                    verdict.message()});
    };
}

db::DbWorker::Job csvExportJob(const QString &sql, const QString &path)
{
    return [sql, path](db::Session &session, const db::JobProgress &) {
        return QVariant::fromValue(exportQueryToCsv(session, sql, path));
    };
}

} // namespace payops::workspace
