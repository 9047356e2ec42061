#pragma once

#include "db/db_worker.h"
#include "schema/schema_profile.h"
#include "workspace/money_request.h"

#include <optional>

namespace payops {
struct Finding;
}

namespace payops::workspace {

// The money batch's database jobs, each a step payops money plan takes on
// the command line, for the workers a MoneyPlanRunner is given. The dry
// run, the submission and the batch's state are the restore's own jobs
// (workspace/restore_jobs.h): they do not depend on what a batch holds.

// Plans the request (money::planRefunds or planReversals, for a ledger
// refund then asLedgerRefunds; money::planClawbacks) and reads who moved
// each item's money and the accounts' contacts: a PlannedMoney. Reads only.
db::DbWorker::Job planMoneyJob(const MoneyRequest &request, const schema::SchemaProfile &profile);
// Where a batch drafted now would be bound, and the money destinations
// registered on the database: a MoneyBinding. Reads only.
db::DbWorker::Job moneyBindingJob(const QString &profileEnvironment);
// Drafts into a case (caseId 0 opens one first, from `finding` when there
// is one, else titled `newCaseTitle`) and puts the plan's people on its
// roster, as payops money plan --case does: a refund or a reversal as the
// batches `drafts` ask for (the whole plan, or one per acquirer, each with
// its destination); a claw-back as outreach::draftClawback makes it (the
// people first, then the claw-back and the write-off), `note` added to
// both descriptions. A DraftedMoney.
db::DbWorker::Job draftMoneyJob(qint64 caseId, const std::optional<Finding> &finding,
                                const QString &newCaseTitle, const PlannedMoney &planned,
                                const QVector<MoneyDraft> &drafts, const QString &note,
                                const schema::SchemaProfile &profile,
                                const QString &profileEnvironment);
// A batch's money as its items carry it (a BatchMoney), for its review.
db::DbWorker::Job batchMoneyJob(qint64 batchId, const schema::SchemaProfile &profile);

} // namespace payops::workspace
