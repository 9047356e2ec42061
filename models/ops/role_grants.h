#pragma once

#include <QStringList>

namespace payops::ops {

// The GRANT statements that give a database user one of the console's
// roles: viewer (investigates, reads billing tables and the payops schema),
// operator (also opens cases and builds batches) or approver (also approves
// or rejects). Throws UserError for an unknown role or an empty user.
QStringList grantStatements(const QString &role, const QString &user);

} // namespace payops::ops
