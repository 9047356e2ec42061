#pragma once

#include "core/finding.h"
#include "workspace/money_request.h"

#include <QString>

#include <optional>

namespace payops {

// Where a money wizard was opened from, and what that preselects: a
// finding (the operation it calls for and the SQL that picks, from its
// rows, the charges to refund, the refunds to reverse or the payouts to
// claw back: workspace::moneyFromFinding), or nothing (Tools → Refund,
// reverse or claw back…: the operator writes the query).
struct MoneyStart
{
    std::optional<Finding> finding;
    workspace::MoneyOperation operation = workspace::MoneyOperation::Refund;
    QString rowsSql; // empty: the template of the operation's shape
};

} // namespace payops
