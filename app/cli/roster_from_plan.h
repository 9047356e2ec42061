#pragma once

#include <QString>

namespace payops::db {
class Session;
}
namespace payops::money {
struct MoneyPlan;
}
namespace payops::schema {
struct SchemaProfile;
}

// Puts the accounts a money plan concerns on the case's roster, with their
// contact details and what the incident did to each (the amounts of their
// items per currency, how many): the apology list support works from.
// Returns how many were added.
int rosterFromPlan(payops::db::Session &live, payops::db::Session &operatorSession,
                   const payops::schema::SchemaProfile &profile, qint64 caseId,
                   const payops::money::MoneyPlan &plan, const QString &incident);
