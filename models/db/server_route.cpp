#include "db/server_route.h"

#include "core/user_error.h"
#include "db/session.h"

#include <QThread>

namespace payops::db {

ServerRoute inspectRoute(Session &investigation, const ConnectionProfile &profile,
                         const QString &password)
{
    ServerRoute route;
    route.investigation = investigation.identity();
    if (!route.investigation.isStandby) {
        route.primary = route.investigation;
        route.lag = standbyLag(route.investigation, nullptr);
        return route;
    }
    try {
        SessionOptions options = SessionOptions::primaryReader(QStringLiteral("standby lag"));
        options.connectTimeoutSeconds = 5;
        Session primary(profile, password, options, QStringLiteral("payops"));
        route.primary = primary.identity();
        // After the primary's position: a standby that streams replays it
        // within moments (the primary writes WAL of its own even when idle).
        const quint64 target = lsnValue(route.primary->currentLsn);
        for (int look = 0; look < 10; ++look) {
            route.investigation = investigation.identity();
            if (lsnValue(route.investigation.replayLsn) >= target)
                break;
            QThread::msleep(100);
        }
    } catch (const UserError &error) {
        route.primaryProblem = error.problem();
    }
    route.lag = standbyLag(route.investigation, route.primary ? &*route.primary : nullptr);
    return route;
}

void requireUsableInvestigation(const ServerRoute &route, const ConnectionProfile &profile)
{
    if (route.primary && !route.investigation.sameDatabaseAs(*route.primary))
        throw UserError(
            QStringLiteral("The standby at %1 is not a replica of the primary at %2: %3.")
                .arg(route.investigation.address, route.primary->address,
                     route.investigation.database != route.primary->database
                         ? QStringLiteral("they hold different databases (%1 and %2)")
                               .arg(route.investigation.database, route.primary->database)
                         : QStringLiteral("their clusters differ (system identifiers %1 and %2)")
                               .arg(route.investigation.systemIdentifier.isEmpty()
                                        ? route.investigation.installationId
                                        : route.investigation.systemIdentifier,
                                    route.primary->systemIdentifier.isEmpty()
                                        ? route.primary->installationId
                                        : route.primary->systemIdentifier)),
            QStringLiteral("Name the standby of this very primary in the connection (or its "
                           "primary with --primary); findings from another database's replica "
                           "would be about other data. Nothing was run."));
    if (const QString problem = route.lag.beyondLimit(profile.maxStandbyLagSeconds);
        !problem.isEmpty())
        throw UserError(problem, QStringLiteral("Nothing was run."));
}

} // namespace payops::db
