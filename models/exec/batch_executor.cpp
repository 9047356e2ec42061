#include "exec/batch_executor.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"

#include <QElapsedTimer>

namespace payops::exec {

BatchExecutor::BatchExecutor(db::Session &session, qint64 batchId)
    : m_session(session)
    , m_batchId(batchId)
{
}

QString BatchExecutor::batchState()
{
    const ResultTable r = m_session.query(db::sqlResource(QStringLiteral("exec/batch_state")),
                                          {QString::number(m_batchId)});
    if (r.rowCount() == 0)
        throw UserError(QStringLiteral("There is no batch %1.").arg(m_batchId),
                        QStringLiteral("Check the batch number (payops batch show ID)."));
    m_environment = r.value(0, QStringLiteral("environment"));
    m_contentHash = r.value(0, QStringLiteral("content_hash"));
    return r.value(0, QStringLiteral("state"));
}

void BatchExecutor::startOrResume()
{
    const QString id = QString::number(m_batchId);
    const QString state = batchState();
    if (state == u"approved") {
        const QString hash = m_contentHash;
        m_session.query(QStringLiteral("SELECT payops.begin_execution($1::bigint, $2)"),
                        {id, hash});
    } else if (state != u"executing") {
        throw UserError(
            QStringLiteral("Batch %1 is %2, so there is nothing to execute.").arg(id, state),
            state == u"submitted"
                ? QStringLiteral("It waits for an approver's decision.")
                : QStringLiteral("Only an approved batch runs, and it runs once; payops batch "
                                 "status %1 shows how it ended.")
                      .arg(id));
    }
    m_session.query(QStringLiteral("SELECT payops.claim_execution($1::bigint)"), {id});
}

ExecutionReport BatchExecutor::run(int chunk,
                                   const std::function<void(const ItemCounts &)> &progress,
                                   const std::atomic_bool *pause)
{
    ExecutionReport report;
    QElapsedTimer clock;
    clock.start();
    const QString id = QString::number(m_batchId);
    const QString size = QString::number(qMax(1, chunk));
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    while (true) {
        if (pause && pause->load()) {
            report.paused = true;
            break;
        }
        // One transaction: the chunk's effects and outcomes, or nothing.
        const ResultTable done = m_session.query(
            QStringLiteral("SELECT item_no FROM payops.apply_items($1::bigint, $2::integer)"),
            {id, size});
        report.appliedNow += done.rowCount();
        // Counting every state reads every item: a few times a second, not
        // after each chunk (that made a 100,000-item batch quadratic).
        if (progress && (sinceProgress.elapsed() >= 500 || done.rowCount() < chunk)) {
            progress(itemCounts(m_session, m_batchId));
            sinceProgress.restart();
        }
        // A short chunk was the last; a full one may have been (the chunk
        // that ended the last item ended the batch too).
        if (done.rowCount() < qMax(1, chunk) ||
            m_session.query(db::sqlResource(QStringLiteral("exec/remaining_items")), {id})
                    .rows.value(0)
                    .value(0)
                    .toLongLong() == 0)
            break;
    }
    report.counts = itemCounts(m_session, m_batchId);
    report.batchState = batchState();
    report.elapsedMs = clock.elapsed();
    return report;
}

} // namespace payops::exec
