#pragma once

#include "core/money.h"

#include <QSet>
#include <QString>
#include <QVector>

namespace payops::money {

// One movement of money a batch will ask a provider for, frozen as an item:
// what it is moved against (a charge refunded), how much, and why.
struct MoneyItem
{
    QString targetTable; // schema-qualified: public.payments
    QString targetKey;   // canonical JSON of its key: {"id": 5}
    QString account;     // whose money it is
    qint64 amountMinor = 0;
    QString currency;
    QString change; // the item's change JSON: {"op": "send", "operation": "refund", ...}
};

// A row the plan leaves out, and why: never sent.
struct SkippedRow
{
    QString key;
    QString reason; // nothing_refundable, not_succeeded, not_found
    QString detail;
};

// A money batch, planned: its items, their totals per currency, the
// accounts concerned (the people outreach contacts), what was left out.
struct MoneyPlan
{
    QString operation; // refund, reversal, claw-back
    QVector<MoneyItem> items;
    QVector<SkippedRow> skipped;
    MoneyTotals totals;
    QSet<QString> accounts;

    // "475 refunds of 73,271.36 USD to 475 accounts; 3 charges left out"
    QString summary() const;
};

} // namespace payops::money
