#pragma once

#include "core/server_identity.h"
#include "core/standby_lag.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace payops {

// Which server a connection's investigation reads and which its records
// are written on, and how far behind the first is: what the banner shows
// and what a scan or a diff says its data is "up to". A plain value: the
// database side reads it (db/server_route.h), the GUI shows it.
struct ServerRoute
{
    ServerIdentity investigation;
    std::optional<ServerIdentity> primary; // none when it could not be reached
    QString primaryProblem;                // why not, in words
    StandbyLag lag;

    // "investigation on the standby, 3 s behind the primary (data up to
    // ...) at /run/a:5432; records on the primary at /run/b:5432".
    QString words() const;
};

} // namespace payops

Q_DECLARE_METATYPE(payops::ServerRoute)
