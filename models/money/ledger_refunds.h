#pragma once

#include "money/money_plan.h"

#include <QMap>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::money {

// Turns a refund plan into ledger items: instead of asking a provider,
// each item writes the refund row into the billing database's own refunds
// table through the apply functions (its effect and its state commit
// together), capped by the database like any refund. The row's mapped
// columns (key, charge, amount, currency, time, source) are filled in;
// every other column takes its value from `values` (COLUMN -> text), and
// one that must hold a value and has none refuses the plan, naming it.
// New keys follow the highest the table holds now (a key taken by then is
// a conflict at apply time, never overwritten).
MoneyPlan asLedgerRefunds(db::Session &live, const schema::SchemaProfile &profile,
                          const MoneyPlan &refunds, const QMap<QString, QString> &values);

} // namespace payops::money
