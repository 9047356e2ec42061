#pragma once

#include <QString>

namespace payops::db {
class Session;
}
namespace payops::money {
struct ClawbackPlan;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::outreach {

// The drafts a claw-back becomes; 0 for a batch with nothing in it.
struct ClawbackDrafts
{
    qint64 clawbackBatch = 0;
    qint64 writeOffBatch = 0;
    int rostered = 0; // people added to the case's roster
};

// Drafts a planned claw-back into a case, as payops money plan claw-back
// --case and the console's money wizard both do: first the people on the
// case's roster (the claw-back's items wait for each one's agreement, so
// they must be there to agree), then the claw-back batch of what the
// balances still hold, then the write-off batch of the rest. `note` is
// added to both descriptions (where the plan came from); `live` reads the
// contacts, `writer` (an operator's) writes. Throws UserError when the
// database refuses; what was written before stays, as on the command line.
ClawbackDrafts draftClawback(db::Session &live, db::Session &writer,
                             const schema::SchemaProfile &profile, qint64 caseId,
                             const money::ClawbackPlan &plan, const QString &environment,
                             const QString &note = QString());

} // namespace payops::outreach
