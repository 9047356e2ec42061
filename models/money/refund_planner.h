#pragma once

#include "money/money_plan.h"

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::money {

// Plans refunding the charges that the operator's rows name (a read-only
// query whose "charge" column holds charge keys: a finding's rows, joined
// as need be), each for what may still be refunded of it: its amount less
// the refunds the billing data records. Charges that did not take money
// or are refunded in full already are left out, with why. The refund goes
// to the provider under the charge's provider reference (the profile's
// charges.provider_reference), else its key. Reads only.
MoneyPlan planRefunds(db::Session &live, const schema::SchemaProfile &profile,
                      const QString &chargeRowsSql);

} // namespace payops::money
