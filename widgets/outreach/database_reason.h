#pragma once

#include <QString>

namespace payops {

// The database's own reason in a message from a failed statement, as a
// sentence support can read: "Could not run a query on database billing on
// /tmp/... as support: ERROR:  payops: there is no database user bob
// SQLSTATE 22023; see the server log for details." becomes "There is no
// database user bob." A message without a server error stays as it is.
// The whole message belongs in a tooltip beside it.
QString databaseReason(const QString &message);

} // namespace payops
