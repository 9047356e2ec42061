#pragma once

#include "core/connection_profile.h"
#include "core/server_identity.h"
#include "core/standby_lag.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace payops::db {

class Session;

// Which server a connection's investigation reads and which its records
// are written on, and how far behind the first is: what the banner shows
// and what a scan or a diff says its data is "up to".
struct ServerRoute
{
    ServerIdentity investigation;
    std::optional<ServerIdentity> primary; // none when it could not be reached
    QString primaryProblem;                // why not, in words
    StandbyLag lag;

    // "investigation on a standby at /run/a:5432, 3 s behind the primary
    // (data up to ...); records on the primary at /run/b:5432".
    QString words() const;
};

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

Q_DECLARE_METATYPE(payops::db::ServerRoute)
