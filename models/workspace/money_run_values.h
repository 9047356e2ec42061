#pragma once

#include "core/money.h"
#include "exec/item_counts.h"
#include "exec/money_destinations.h"
#include "exec/money_executor.h"
#include "ops/batch_review.h"

#include <QMetaType>
#include <QStringList>
#include <QVector>

namespace payops::workspace {

// What the run panel shows before anything is sent: the batch as finance
// approved it, where its money goes, and its items per state.
struct MoneyRunSetup
{
    ops::BatchReview review;
    bool isMoney = false;               // refund, reversal, claw-back or write-off
    bool sendsToProvider = false;       // its items go to a provider or an acquirer
    exec::MoneyDestination destination; // where, when it does
    QString destinationProblem;         // why the items' destination cannot be used
    QString providerKeyName;            // the destination's keychain entry on this database
    exec::ItemCounts counts;
};

// One item of a money batch that has not ended and is not simply waiting
// to be sent.
struct OpenMoneyItem
{
    int itemNo = 0;
    QString state; // sending, unknown or held
    QString key;   // the idempotency key it was sent under; empty if it never left
    Money amount;
    QString concerns;          // the provider's reference of the charge (or refund, payout)
    QString detail;            // the last answer, the lookup's, or why it is held
    QString sentAt;            // the last time it left, UTC
    QString resendRequestedBy; // a person asked for it to be sent again, same key
    bool absent = false;       // a lookup found nothing under its key, after the window
    int sends = 0;
};

// A batch's open items, apart by what may be done with them.
struct OpenMoneyItems
{
    qint64 batchId = 0;
    // Sent or maybe sent, the answer not known: looked up by their key on
    // the next run (Reconcile), never sent again; and those a person asked
    // to send again, under the same key.
    QVector<OpenMoneyItem> unknown;
    // The provider has nothing under their key, after its window: a person
    // decides (send again under the same key, or mark failed).
    QVector<OpenMoneyItem> absent;
    // Claw-back items waiting for their person's consent.
    QVector<OpenMoneyItem> held;
};

// What one run did.
struct MoneyRunOutcome
{
    exec::MoneyReport report; // for a batch that sends nothing, its execution alone
    QString adapter;          // where it sent, in words ("" for the ledger)
    bool resultsImported = false;
    int resultsToApply = 0;
    QStringList problems; // result file lines never applied, each with why
};

} // namespace payops::workspace

Q_DECLARE_METATYPE(payops::workspace::MoneyRunSetup)
Q_DECLARE_METATYPE(payops::workspace::OpenMoneyItems)
Q_DECLARE_METATYPE(payops::workspace::MoneyRunOutcome)
