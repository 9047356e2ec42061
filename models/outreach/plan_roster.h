#pragma once

#include <QString>

namespace payops::db {
class Session;
}
namespace payops::money {
struct ClawbackPlan;
struct MoneyPlan;
} // namespace payops::money
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::outreach {

// What the roster says the incident did to the people of a refund or a
// reversal plan ("charged wrongly; refunded", "refund reversed"): the
// command line and the console word it alike.
QString planIncident(const money::MoneyPlan &plan);

// Puts the accounts a money plan concerns on the case's roster, with their
// contact details and what the incident did to each (the amounts of their
// items per currency, how many): the apology list support works from.
// `live` reads the contacts; `writer` (an operator's) adds them. Returns
// how many were added; people on the roster already stay as they are.
int rosterFromPlan(db::Session &live, db::Session &writer, const schema::SchemaProfile &profile,
                   qint64 caseId, const money::MoneyPlan &plan, const QString &incident);

// The same for a claw-back: every person paid twice, with the duplicate,
// what can be taken back and what cannot, whose consent support records.
int rosterFromClawback(db::Session &live, db::Session &writer, const schema::SchemaProfile &profile,
                       qint64 caseId, const money::ClawbackPlan &plan);

} // namespace payops::outreach
