#pragma once

#include "money/money_plan.h"

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::money {

// Plans reversing the refunds that the operator's rows name (a read-only
// query whose "refund" column holds refund keys: the non-production
// refunds finding, say): each for its whole amount, at the acquirer, the
// refund's key as its reference. Reads only.
MoneyPlan planReversals(db::Session &live, const schema::SchemaProfile &profile,
                        const QString &refundRowsSql);

} // namespace payops::money
