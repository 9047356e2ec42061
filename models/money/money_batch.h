#pragma once

#include "money/money_plan.h"

namespace payops::db {
class Session;
}

namespace payops::money {

// Writes a money plan into a new draft batch of a case (kind: the plan's
// operation), as the session's operator, its items a few thousand per
// statement. Items sent to a provider name `destination`, which must be
// registered on the database (payops allow-money --destination): where
// the money goes is approved with them. Returns the batch's number.
// Throws UserError when the plan is empty, the destination unknown, or
// the database refuses.
qint64 draftMoneyBatch(db::Session &session, qint64 caseId, const MoneyPlan &plan,
                       const QString &description, const QString &environment,
                       const QString &destination = QString());

} // namespace payops::money
