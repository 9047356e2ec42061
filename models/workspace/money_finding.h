#pragma once

#include "workspace/money_request.h"

#include <optional>

namespace payops {
struct Finding;
namespace schema {
struct SchemaProfile;
}
} // namespace payops

namespace payops::workspace {

// A money batch a finding calls for: what to do, and the read-only SQL
// that picks, from the finding's rows (Finding::rowsSql, its row_key
// column), the charges to refund, the refunds to reverse or the payouts
// to claw back, as the money
// wizard shows it for an operator to read and edit.
struct MoneyFromFinding
{
    MoneyOperation operation = MoneyOperation::Refund;
    QString rowsSql;
};

// The findings that are money incidents, by how the detectors name them:
//  - new subscriptions or charges on closed accounts (the invariants
//    detector; incident 2): refund the charges, for subscriptions the
//    payments of their orders;
//  - refunds issued by a non-production source (the invariants
//    detector), or a burst or leak of refunds explained by a source the
//    profile does not count as production (the streams detector;
//    incident 3): reverse those refunds;
//  - users paid twice (the duplicates detector's payouts finding;
//    incident 5), where the profile maps balances and their movements:
//    claw back those payouts.
// Any other finding: none.
std::optional<MoneyFromFinding> moneyFromFinding(const Finding &finding,
                                                 const schema::SchemaProfile &profile);

// What the wizard shows when no finding started it: a query of the right
// shape (a "charge", "refund" or "payout" column) that picks nothing yet.
QString moneyRowsTemplate(MoneyOperation operation, const schema::SchemaProfile &profile);

} // namespace payops::workspace
