#include "ops/batch_review.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace payops::ops {

QString approvalQueueSql()
{
    return db::sqlResource(QStringLiteral("ops/approval_queue"));
}

QString batchItemsSql(qint64 batchId)
{
    // The id is an integer we format ourselves, never operator text.
    return db::renderSql(db::sqlResource(QStringLiteral("ops/batch_items")),
                         {{QStringLiteral("batch_id"), QString::number(batchId)}});
}

// The case, its findings' money, the items per currency and the overlaps
// with other batches: what finance checks the batch against.
static void loadWhatItRepairs(db::Session &session, BatchReview &review)
{
    const QString id = QString::number(review.id);
    const ResultTable repairs =
        session.query(db::sqlResource(QStringLiteral("ops/batch_case")), {id});
    for (int row = 0; row < repairs.rowCount(); ++row) {
        review.caseTitle = repairs.value(row, QStringLiteral("case_title"));
        review.caseStatus = repairs.value(row, QStringLiteral("case_status"));
        const QString title = repairs.value(row, QStringLiteral("finding_title"));
        if (title.isNull())
            continue;
        review.findingTitles << title;
        const QJsonObject totals =
            QJsonDocument::fromJson(repairs.value(row, QStringLiteral("finding_totals")).toUtf8())
                .object();
        for (auto it = totals.begin(); it != totals.end(); ++it)
            review.findingTotals.add(it.key(), Money::parseMinor(it.value().toString(), it.key()));
    }
    const ResultTable shares =
        session.query(db::sqlResource(QStringLiteral("ops/batch_currency_items")), {id});
    for (int row = 0; row < shares.rowCount(); ++row) {
        BatchReview::CurrencyShare share;
        share.currency = shares.value(row, QStringLiteral("currency"));
        share.items = shares.value(row, QStringLiteral("items")).toLongLong();
        share.minor =
            Money::parseMinor(shares.value(row, QStringLiteral("total_minor")), share.currency);
        review.perCurrency << share;
    }
    const ResultTable customers =
        session.query(db::sqlResource(QStringLiteral("ops/batch_customer_items")), {id});
    for (int row = 0; row < customers.rowCount(); ++row) {
        BatchReview::CustomerShare share;
        share.account = customers.value(row, QStringLiteral("account"));
        share.currency = customers.value(row, QStringLiteral("currency")).trimmed();
        share.items = customers.value(row, QStringLiteral("items")).toLongLong();
        share.minor =
            Money::parseMinor(customers.value(row, QStringLiteral("total_minor")), share.currency);
        review.largestCustomers << share;
        review.customersPerCurrency.insert(
            share.currency, customers.value(row, QStringLiteral("customers")).toLongLong());
    }
    const ResultTable overlaps =
        session.query(db::sqlResource(QStringLiteral("ops/batch_overlaps")), {id});
    for (int row = 0; row < overlaps.rowCount(); ++row) {
        const bool done = overlaps.value(row, QStringLiteral("overlap")) == u"done";
        const qint64 items = overlaps.value(row, QStringLiteral("items")).toLongLong();
        const QString batches = overlaps.value(row, QStringLiteral("batches"));
        (done ? review.itemsAlreadyDone : review.itemsInOpenBatches) = items;
        (done ? review.doneBatches : review.openBatches) = batches;
    }
}

BatchReview loadBatchReview(db::Session &session, qint64 batchId)
{
    const QString id = QString::number(batchId);
    const ResultTable header =
        session.query(db::sqlResource(QStringLiteral("ops/batch_header")), {id});
    if (header.rowCount() == 0)
        throw UserError(QStringLiteral("There is no batch %1.").arg(batchId),
                        QStringLiteral("Refresh the approvals queue."));
    auto field = [&](const char *column) {
        return header.value(0, QLatin1String(column));
    };
    BatchReview review;
    review.id = batchId;
    review.caseId = field("case_id").toLongLong();
    review.kind = field("kind");
    review.description = field("description");
    review.state = field("state");
    review.createdBy = field("created_by");
    review.createdAt = field("created_at");
    review.submittedBy = field("submitted_by");
    review.contentHash = field("content_hash");
    review.environment = field("environment");
    review.databaseName = field("database_name");
    review.systemIdentifier = field("system_identifier");
    review.itemCount = field("item_count").toLongLong();
    const ResultTable totals =
        session.query(db::sqlResource(QStringLiteral("ops/batch_totals")), {id});
    for (int row = 0; row < totals.rowCount(); ++row) {
        const QString currency = totals.value(row, QStringLiteral("currency"));
        review.totals.add(
            currency,
            Money::parseMinor(totals.value(row, QStringLiteral("total_minor")), currency));
    }
    const ResultTable decisions =
        session.query(db::sqlResource(QStringLiteral("ops/batch_decisions")), {id});
    for (int row = 0; row < decisions.rowCount(); ++row)
        review.decisions << decisions.value(row, QStringLiteral("decision"));
    loadWhatItRepairs(session, review);
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

QString batchEnvironment(db::Session &session, const QString &connectionLabel)
{
    return session
        .query(db::sqlResource(QStringLiteral("ops/batch_environment")),
               {connectionLabel.isEmpty() ? QStringLiteral("demo") : connectionLabel})
        .rows.value(0)
        .value(0);
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

QVector<DryRunItem> dryRun(db::Session &session, qint64 batchId)
{
    const ResultTable answer =
        session.query(db::sqlResource(QStringLiteral("ops/dry_run")), {QString::number(batchId)});
    QVector<DryRunItem> items;
    items.reserve(answer.rowCount());
    for (int r = 0; r < answer.rowCount(); ++r)
        items.append({answer.value(r, QStringLiteral("item_no")).toInt(),
                      answer.value(r, QStringLiteral("target_table")),
                      answer.value(r, QStringLiteral("target_key")),
                      answer.value(r, QStringLiteral("effect")),
                      answer.value(r, QStringLiteral("reason")),
                      answer.value(r, QStringLiteral("detail"))});
    return items;
}

} // namespace payops::ops
