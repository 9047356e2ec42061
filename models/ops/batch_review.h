#pragma once

#include "core/money.h"

#include <QHash>
#include <QMetaType>
#include <QStringList>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::ops {

// What a finance approver must see before signing a batch.
struct BatchReview
{
    qint64 id = 0;
    qint64 caseId = 0;
    QString kind;
    QString description;
    QString state;
    QString createdBy;
    QString createdAt;
    QString submittedBy;
    QString contentHash; // what the approver signs
    QString environment;
    QString databaseName;
    QString systemIdentifier;
    qint64 itemCount = 0;
    MoneyTotals totals;
    QStringList decisions; // "finance approved at …"

    // What the batch repairs: its case and the findings frozen in it, with
    // their money per currency summed (what the batch's totals are checked
    // against).
    QString caseTitle;
    QString caseStatus;
    QStringList findingTitles;
    MoneyTotals findingTotals;
    // Items and money per currency, largest first.
    struct CurrencyShare
    {
        QString currency; // empty: items that move no money
        qint64 items = 0;
        qint64 minor = 0;
    };
    QVector<CurrencyShare> perCurrency;
    // The customers the items name (refunds, reversals and claw-backs name
    // the account), the ten largest per currency, largest first; an empty
    // account holds the items that name none. customersPerCurrency: how
    // many customers each currency has in all.
    struct CustomerShare
    {
        QString account;
        QString currency;
        qint64 items = 0;
        qint64 minor = 0;
    };
    QVector<CustomerShare> largestCustomers;
    QHash<QString, qint64> customersPerCurrency;
    // Items other batches name too: still open there, or already done
    // (repaired or refunded before); and those batches' ids.
    qint64 itemsInOpenBatches = 0;
    QString openBatches;
    qint64 itemsAlreadyDone = 0;
    QString doneBatches;
};

// What the database says one item of a batch would do (payops.dry_run):
// effect inserted, updated or deleted, or conflict with its reason.
struct DryRunItem
{
    int itemNo = 0;
    QString table;
    QString key;
    QString effect;
    QString reason; // a conflict's: key_reused, unique_taken, changed_since, ...
    QString detail; // the database's message for a conflict
};

// The batches waiting for a decision, one row each, newest first.
QString approvalQueueSql();
// The items of one batch, for the lazy table.
QString batchItemsSql(qint64 batchId);
BatchReview loadBatchReview(db::Session &session, qint64 batchId);

// The payops functions, called as the session's user; the database decides.
qint64 createCase(db::Session &session, const QString &title, const QString &severity);
// The environment a new batch is bound to: the database's declared label,
// else the connection's, else "demo".
QString batchEnvironment(db::Session &session, const QString &connectionLabel);
qint64 createBatch(db::Session &session, qint64 caseId, const QString &kind,
                   const QString &description, const QString &environment);
void addBatchItem(db::Session &session, qint64 batchId, const QString &targetTable,
                  const QString &targetKey, const Money &amount, const QString &changeJson);
QString submitBatch(db::Session &session, qint64 batchId); // returns the content hash
QString approveBatch(db::Session &session, qint64 batchId,
                     const QString &seenHash); // returns the new state
void rejectBatch(db::Session &session, qint64 batchId, const QString &reason);
// Applies every item in a transaction the database rolls back and says
// what each would do; commits nothing. For a batch before it runs.
QVector<DryRunItem> dryRun(db::Session &session, qint64 batchId);

} // namespace payops::ops

Q_DECLARE_METATYPE(payops::ops::BatchReview)
Q_DECLARE_METATYPE(payops::ops::DryRunItem)
