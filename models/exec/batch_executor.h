#pragma once

#include "exec/item_counts.h"

#include <QString>

#include <atomic>
#include <functional>

namespace payops::db {
class Session;
}

namespace payops::exec {

// What a run of the executor did.
struct ExecutionReport
{
    QString batchState; // executing (paused or cut short), done, partly_failed
    ItemCounts counts;
    qint64 appliedNow = 0; // items this run ended
    qint64 elapsedMs = 0;
    bool paused = false;
};

// Executes one approved batch exactly once, on a writable session of an
// operator: begins it (payops.begin_execution) or finds it executing, claims
// it for this session's server process (a second executor is refused,
// naming the holder), then applies its pending items `chunk` at a time,
// each chunk one transaction of payops.apply_items in which the items'
// effects and their recorded outcomes commit together. A crash or a kill
// at any moment loses at most the chunk in flight, which nothing committed;
// a new executor resumes exactly where the database says it stopped.
class BatchExecutor
{
public:
    BatchExecutor(db::Session &session, qint64 batchId);

    // Begins (when approved) or resumes (when executing) and claims the
    // batch; throws UserError for any other state, naming it.
    void startOrResume();
    // Applies until nothing is pending, or `pause` is set between chunks.
    ExecutionReport run(int chunk = 200,
                        const std::function<void(const ItemCounts &)> &progress = {},
                        const std::atomic_bool *pause = nullptr);

    qint64 batchId() const { return m_batchId; }
    QString environment() const { return m_environment; }

private:
    QString batchState();

    db::Session &m_session;
    qint64 m_batchId;
    QString m_environment;
    QString m_contentHash; // as the batch's state was last read
};

} // namespace payops::exec
