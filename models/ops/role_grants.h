#pragma once

#include <QStringList>

namespace payops::db {
class Session;
}

namespace payops::ops {

// The GRANT statements that give a database user one of the console's
// roles: viewer (investigates, reads billing tables and the payops schema),
// operator (also opens cases and builds batches) or approver (also approves
// or rejects), support (a viewer that records outreach) or watcher (reads
// the billing tables and writes only the watch's alert state, nothing else
// of the payops schema). Throws UserError for an unknown role or an empty user.
QStringList grantStatements(const QString &role, const QString &user);

// The session user's console role, the strongest held: "operator",
// "approver", "viewer", or "" for none (or no payops roles installed). The
// console shows what the person may do from it; the database still
// decides every call.
QString consoleRole(db::Session &session);

} // namespace payops::ops
