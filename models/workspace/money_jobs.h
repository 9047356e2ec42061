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

// Plans the request (money::planRefunds or planReversals; for a ledger
// refund then asLedgerRefunds) and reads who moved each item's money and
// the accounts' contacts: a PlannedMoney. Reads only.
db::DbWorker::Job planMoneyJob(const MoneyRequest &request, const schema::SchemaProfile &profile);
// Where a batch drafted now would be bound: a MoneyDestination.
db::DbWorker::Job moneyDestinationJob(const QString &profileEnvironment);
// Drafts the plan as a batch of the case; caseId 0 opens one first, from
// `finding` when there is one, else titled `newCaseTitle`. {case, batch}.
db::DbWorker::Job draftMoneyJob(qint64 caseId, const std::optional<Finding> &finding,
                                const QString &newCaseTitle, const money::MoneyPlan &plan,
                                const QString &description, const QString &profileEnvironment);
// A batch's money as its items carry it (a BatchMoney), for its review.
db::DbWorker::Job batchMoneyJob(qint64 batchId, const schema::SchemaProfile &profile);

} // namespace payops::workspace
