#pragma once

#include "restore/restore_plan.h"

namespace payops::db {
class Session;
}

namespace payops::restore {

// Writes a plan into a new draft batch of a case, as the session's
// operator: a restore (or a field-restore when it only puts values back),
// its items in plan order, added a few thousand per statement. Returns the
// batch's number. Throws UserError when the plan is empty or the database
// refuses (the case closed, the environment label not the database's).
qint64 draftRestoreBatch(db::Session &session, qint64 caseId, const RestorePlan &plan,
                         const QString &description, const QString &environment);

} // namespace payops::restore
