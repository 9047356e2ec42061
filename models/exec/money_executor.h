#pragma once

#include "exec/batch_executor.h"

#include <atomic>
#include <functional>

namespace payops::db {
class Session;
}

namespace payops::exec {

class ProviderAdapter;

// What a run of the money executor did, beyond the plain executor's report.
struct MoneyReport
{
    ExecutionReport execution;
    qint64 sentNow = 0;       // requests this run made for items never sent before
    qint64 reconciledNow = 0; // open items this run looked up
    qint64 absent = 0;        // items the provider has nothing under: a person decides
};

// Executes one approved money batch exactly once at a provider, on a
// writable session of an operator: begins or resumes it and claims it (as
// BatchExecutor does), refuses an adapter whose credentials belong to
// another environment than the batch's, then
//  1. looks up every item left sending or unknown by an earlier run (a
//     crash, a timeout, a lost answer), never sending it again;
//  2. sends pending items `chunk` at a time: each chunk is marked sending
//     with its keys and committed (payops.begin_send) before a request
//     leaves, and the answers are recorded in one transaction
//     (payops.record_outcomes);
//  3. looks up once more what came back unknown in this run.
class MoneyExecutor
{
public:
    MoneyExecutor(db::Session &session, qint64 batchId);

    void startOrResume();
    MoneyReport run(ProviderAdapter &adapter, int chunk = 50,
                    const std::function<void(const ItemCounts &)> &progress = {},
                    const std::atomic_bool *pause = nullptr);
    QString environment() const { return m_executor.environment(); }

private:
    qint64 reconcile(ProviderAdapter &adapter, MoneyReport &report, int chunk);

    db::Session &m_session;
    qint64 m_batchId;
    BatchExecutor m_executor; // the begin and the claim are the same
};

// Whether a batch's items go to a provider (their change is "send").
bool sendsToProvider(db::Session &session, qint64 batchId);

// A person's decision on an item the provider was found to have nothing
// under (payops.decide_absent_item, audited with the reason): send it
// again on the next run, under the same key, or end it as failed. The
// database refuses any other item.
void decideAbsentItem(db::Session &session, qint64 batchId, int itemNo, bool sendAgain,
                      const QString &reason);

} // namespace payops::exec
