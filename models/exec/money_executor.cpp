#include "exec/money_executor.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "exec/adapters/provider_adapter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace payops::exec {

namespace {

QVector<ProviderItem> itemsOf(const ResultTable &rows)
{
    QVector<ProviderItem> items;
    for (int r = 0; r < rows.rowCount(); ++r)
        items.append({rows.value(r, QStringLiteral("item_no")).toInt(),
                      rows.value(r, QStringLiteral("idempotency_key")),
                      rows.value(r, QStringLiteral("operation")),
                      rows.value(r, QStringLiteral("payment")),
                      rows.value(r, QStringLiteral("amount_minor")).toLongLong(),
                      rows.value(r, QStringLiteral("currency")),
                      rows.value(r, QStringLiteral("description"))});
    return items;
}

QString outcomesJson(const QVector<ProviderAnswer> &answers)
{
    QJsonArray list;
    for (const ProviderAnswer &a : answers)
        list.append(QJsonObject{{QStringLiteral("item_no"), a.itemNo},
                                {QStringLiteral("outcome"), outcomeName(a.outcome)},
                                {QStringLiteral("reference"), a.reference},
                                {QStringLiteral("reason"), a.reason},
                                {QStringLiteral("detail"), a.detail}});
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

} // namespace

bool sendsToProvider(db::Session &session, qint64 batchId)
{
    return session
               .query(db::sqlResource(QStringLiteral("exec/sends_to_provider")),
                      {QString::number(batchId)})
               .rows.value(0)
               .value(0) == u"t";
}

void decideAbsentItem(db::Session &session, qint64 batchId, int itemNo, bool sendAgain,
                      const QString &reason)
{
    session.query(
        QStringLiteral("SELECT payops.decide_absent_item($1::bigint, $2::integer, $3, $4)"),
        {QString::number(batchId), QString::number(itemNo),
         sendAgain ? QStringLiteral("send_again") : QStringLiteral("failed"), reason});
}

MoneyExecutor::MoneyExecutor(db::Session &session, qint64 batchId)
    : m_session(session)
    , m_batchId(batchId)
    , m_executor(session, batchId)
{
}

void MoneyExecutor::startOrResume()
{
    m_executor.startOrResume();
}

qint64 MoneyExecutor::reconcile(ProviderAdapter &adapter, MoneyReport &report, int chunk)
{
    // A batch whose last item ended is done: nothing is open any more.
    if (m_session
            .query(db::sqlResource(QStringLiteral("exec/batch_state")),
                   {QString::number(m_batchId)})
            .rows.value(0)
            .value(0) != u"executing")
        return 0;
    const QVector<ProviderItem> open = itemsOf(
        m_session.query(QStringLiteral("SELECT * FROM payops.items_to_reconcile($1::bigint)"),
                        {QString::number(m_batchId)}));
    // A chunk at a time, as sends go, each recorded before the next is
    // asked: a run killed while it looks thousands of items up keeps what
    // it learnt, and one slow answer holds back a chunk, not the lot.
    const int slice = std::max(1, chunk);
    for (int start = 0; start < open.size(); start += slice) {
        const QVector<ProviderItem> items = open.mid(start, slice);
        const QVector<ProviderAnswer> answers = adapter.lookUp(items);
        m_session.query(QStringLiteral("SELECT payops.record_outcomes($1::bigint, $2::jsonb)"),
                        {QString::number(m_batchId), outcomesJson(answers)});
        report.reconciledNow += items.size();
    }
    return open.size();
}

MoneyReport MoneyExecutor::run(ProviderAdapter &adapter, int chunk,
                               const std::function<void(const ItemCounts &)> &progress,
                               const std::atomic_bool *pause)
{
    // The database binds this run to the destination the approved items
    // name, and to that destination's credential: a key of another
    // environment or provider is refused there, before anything is sent.
    m_session.query(
        QStringLiteral("SELECT payops.bind_destination($1::bigint, $2, $3)"),
        {QString::number(m_batchId), adapter.destination(), adapter.credentialFingerprint()});
    adapter.checkAccess();
    MoneyReport report;
    QElapsedTimer clock;
    clock.start();
    const QString id = QString::number(m_batchId);
    reconcile(adapter, report, chunk);
    // The lookups may have ended the last open items, and with them the
    // batch: nothing is left to send then (begin_send refuses a batch that
    // is no longer executing).
    const bool executing =
        m_session.query(db::sqlResource(QStringLiteral("exec/batch_state")), {id})
            .rows.value(0)
            .value(0) == u"executing";
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    while (executing && !(pause && pause->load())) {
        // Committed before any request leaves: a crash from here on leaves
        // these items sending, to be looked up, never sent again blindly.
        const QVector<ProviderItem> items = itemsOf(
            m_session.query(QStringLiteral("SELECT * FROM payops.begin_send($1::bigint, $2)"),
                            {id, QString::number(std::max(1, chunk))}));
        if (items.isEmpty())
            break;
        const QVector<ProviderAnswer> answers = adapter.send(items);
        m_session.query(QStringLiteral("SELECT payops.record_outcomes($1::bigint, $2::jsonb)"),
                        {id, outcomesJson(answers)});
        report.sentNow += items.size();
        // The answers that ended the last item ended the batch too.
        const bool lastEnded =
            m_session.query(db::sqlResource(QStringLiteral("exec/remaining_items")), {id})
                .rows.value(0)
                .value(0)
                .toLongLong() == 0;
        // Counting every state reads every item: a few times a second.
        if (progress && sinceProgress.elapsed() >= 500) {
            progress(itemCounts(m_session, m_batchId));
            sinceProgress.restart();
        }
        if (lastEnded)
            break;
    }
    report.execution.paused = pause && pause->load();
    if (!report.execution.paused)
        reconcile(adapter, report, chunk);
    report.execution.counts = itemCounts(m_session, m_batchId);
    report.execution.appliedNow = report.sentNow;
    report.absent = m_session.query(db::sqlResource(QStringLiteral("exec/absent_items")), {id})
                        .rows.value(0)
                        .value(0)
                        .toLongLong();
    report.execution.batchState =
        m_session.query(db::sqlResource(QStringLiteral("exec/batch_state")), {id})
            .rows.value(0)
            .value(0);
    report.execution.elapsedMs = clock.elapsed();
    return report;
}

} // namespace payops::exec
