#include "ops/batch_review.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"

namespace payops::ops {

QString approvalQueueSql()
{
    // What waits for the signed-in person: for an approver, submitted
    // batches they neither built, submitted nor already approved; for an
    // author, their own batches waiting for approval or ready to execute.
    return QStringLiteral(
        "SELECT b.id AS batch_id,\n"
        "       CASE WHEN b.state = 'approved' THEN 'ready to execute'\n"
        "            WHEN session_user IN (b.created_by, b.submitted_by) THEN 'waiting for an "
        "approver'\n"
        "            ELSE 'your decision' END AS waiting_for,\n"
        "       b.kind, b.description, b.created_by, b.submitted_at, b.environment,\n"
        "       (SELECT count(*) FROM payops.batch_items i WHERE i.batch_id = b.id) AS items,\n"
        "       (SELECT string_agg(t.total::text || ' ' || t.currency, '; ' ORDER BY t.currency)\n"
        "          FROM (SELECT currency, sum(amount_minor) AS total FROM payops.batch_items i\n"
        "                WHERE i.batch_id = b.id AND currency IS NOT NULL GROUP BY currency) t) AS "
        "totals_minor,\n"
        "       (SELECT count(*) FROM payops.approvals a WHERE a.batch_id = b.id AND a.decision = "
        "'approved') AS approvals\n"
        "FROM payops.batches b\n"
        "WHERE (b.state = 'submitted' AND pg_has_role(session_user, 'payops_approver', 'MEMBER')\n"
        "       AND session_user NOT IN (b.created_by, coalesce(b.submitted_by, ''))\n"
        "       AND NOT EXISTS (SELECT 1 FROM payops.approvals a WHERE a.batch_id = b.id AND "
        "a.approver = session_user))\n"
        "   OR (b.state IN ('submitted', 'approved') AND session_user IN (b.created_by, "
        "coalesce(b.submitted_by, '')))\n"
        "ORDER BY b.submitted_at DESC");
}

QString batchItemsSql(qint64 batchId)
{
    // The id is an integer we format ourselves, never operator text.
    return QStringLiteral("SELECT item_no, target_table, target_key, amount_minor, currency, "
                          "change::text AS change\n"
                          "FROM payops.batch_items WHERE batch_id = %1 ORDER BY item_no")
        .arg(batchId);
}

BatchReview loadBatchReview(db::Session &session, qint64 batchId)
{
    const QString id = QString::number(batchId);
    const ResultTable header = session.query(
        QStringLiteral(
            "SELECT kind, description, state, created_by, created_at, coalesce(submitted_by, ''), "
            "coalesce(content_hash, ''), environment, database_name, system_identifier, "
            "(SELECT count(*) FROM payops.batch_items i WHERE i.batch_id = b.id) "
            "FROM payops.batches b WHERE id = $1::bigint"),
        {id});
    if (header.rowCount() == 0)
        throw UserError(QStringLiteral("There is no batch %1.").arg(batchId),
                        QStringLiteral("Refresh the approvals queue."));
    const auto &h = header.rows[0];
    BatchReview review;
    review.id = batchId;
    review.kind = h[0];
    review.description = h[1];
    review.state = h[2];
    review.createdBy = h[3];
    review.createdAt = h[4];
    review.submittedBy = h[5];
    review.contentHash = h[6];
    review.environment = h[7];
    review.databaseName = h[8];
    review.systemIdentifier = h[9];
    review.itemCount = h[10].toLongLong();
    for (const auto &row :
         session
             .query(QStringLiteral("SELECT currency, sum(amount_minor) FROM payops.batch_items "
                                   "WHERE batch_id = $1::bigint AND currency IS NOT NULL "
                                   "GROUP BY currency"),
                    {id})
             .rows)
        review.totals.add(row[0], row[1].toLongLong());
    for (const auto &row :
         session
             .query(QStringLiteral("SELECT approver || ' ' || decision || ' at ' || "
                                   "to_char(decided_at, 'YYYY-MM-DD HH24:MI') || "
                                   "coalesce(': ' || reason, '') FROM payops.approvals "
                                   "WHERE batch_id = $1::bigint ORDER BY decided_at"),
                    {id})
             .rows)
        review.decisions << row[0];
    return review;
}

static QString scalar(db::Session &session, const QString &sql, const QStringList &params)
{
    return session.query(sql, params).rows.value(0).value(0);
}

qint64 createCase(db::Session &session, const QString &title, const QString &severity)
{
    return scalar(session, QStringLiteral("SELECT payops.create_case($1, $2)"), {title, severity})
        .toLongLong();
}

qint64 createBatch(db::Session &session, qint64 caseId, const QString &kind,
                   const QString &description, const QString &environment)
{
    return scalar(session, QStringLiteral("SELECT payops.create_batch($1::bigint, $2, $3, $4)"),
                  {QString::number(caseId), kind, description, environment})
        .toLongLong();
}

void addBatchItem(db::Session &session, qint64 batchId, const QString &targetTable,
                  const QString &targetKey, const Money &amount, const QString &changeJson)
{
    session.query(
        QStringLiteral(
            "SELECT payops.add_batch_item($1::bigint, $2, $3, $4::bigint, $5, $6::jsonb)"),
        {QString::number(batchId), targetTable, targetKey, QString::number(amount.minor),
         amount.currency, changeJson});
}

QString submitBatch(db::Session &session, qint64 batchId)
{
    return scalar(session, QStringLiteral("SELECT payops.submit_batch($1::bigint)"),
                  {QString::number(batchId)});
}

QString approveBatch(db::Session &session, qint64 batchId, const QString &seenHash)
{
    return scalar(session, QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                  {QString::number(batchId), seenHash});
}

void rejectBatch(db::Session &session, qint64 batchId, const QString &reason)
{
    session.query(QStringLiteral("SELECT payops.reject_batch($1::bigint, $2)"),
                  {QString::number(batchId), reason});
}

} // namespace payops::ops
