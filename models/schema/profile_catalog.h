#pragma once

#include "schema/schema_profile.h"

namespace payops::db {
class Session;
}

namespace payops::schema {

// Checks a profile against the database's catalog before anything runs:
// each missing table or column, wrong type or unreadable table is named.
// Returns the problems (empty when the profile fits).
QStringList catalogProblems(db::Session &session, const SchemaProfile &profile);
// Throws UserError listing every problem; nothing runs half-mapped.
void checkAgainstCatalog(db::Session &session, const SchemaProfile &profile);

} // namespace payops::schema
