#pragma once

#include "core/finding.h"
#include "workspace/money_request.h"

#include <QString>

#include <optional>

namespace payops {

// Where a money wizard was opened from, and what that preselects: a
// finding (the operation it calls for and the SQL that picks, from its
// rows, the charges to refund or the refunds to reverse:
// workspace::moneyFromFinding), or nothing (Tools → Refund or reverse…:
// the operator writes the query).
struct MoneyStart
{
    std::optional<Finding> finding;
    workspace::MoneyOperation operation = workspace::MoneyOperation::Refund;
    QString rowsSql; // empty: the template of the operation's shape
};

} // namespace payops
