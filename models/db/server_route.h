#pragma once

#include "core/connection_profile.h"
#include "core/server_route.h"

namespace payops::db {

class Session;
using ::payops::ServerRoute;

// Reads the investigation session's server and, when it is a standby, the
// primary's position through a short connection of its own (read first, so
// that a standby which has replayed up to it is known to be caught up).
ServerRoute inspectRoute(Session &investigation, const ConnectionProfile &profile,
                         const QString &password);

// Throws UserError (nothing is run) when the investigation server is a
// replica of another database than the primary, or is further behind than
// the profile allows.
void requireUsableInvestigation(const ServerRoute &route, const ConnectionProfile &profile);

} // namespace payops::db
