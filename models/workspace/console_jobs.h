#pragma once

#include "db/db_worker.h"
#include "detect/incidents.h"

namespace payops {
struct Finding;
}

namespace payops::workspace {

// The console's short database jobs, each run on one of the workspace's
// workers (see Workspace for which and what it reports).

// Opens an incident case with `finding` frozen as evidence; the case's id.
db::DbWorker::Job openCaseJob(const Finding &finding);
// Opens a case with the incident's headline, then attaches each of its
// findings whose rows differ from the headline's; the case's id.
db::DbWorker::Job openIncidentCaseJob(const detect::Incident &incident);
// The cases a finding may go to, those holding it marked (a
// QVector<ops::CaseChoice>); reads only.
db::DbWorker::Job caseChoicesJob(const Finding &finding);
// Attaches `finding` to an existing case (refused when the case holds it
// already); the case's id.
db::DbWorker::Job attachFindingJob(qint64 caseId, const Finding &finding);
// Adds a note to a case's timeline; the case's id.
db::DbWorker::Job addCaseNoteJob(qint64 caseId, const QString &text);
// What to run when the payops schema is missing or behind ("" when current).
db::DbWorker::Job payopsSchemaCheckJob();
// The audit chain against the heads this machine has seen, which it then
// records: {"1" or "0" (intact), the verdict in words}; nothing when the
// payops schema is not installed.
db::DbWorker::Job auditChainCheckJob();
// Streams the rows of `sql` into a CSV file at `path`; the number of rows.
db::DbWorker::Job csvExportJob(const QString &sql, const QString &path);

} // namespace payops::workspace
