#pragma once

#include "core/connection_profile.h"
#include "core/finding.h"
#include "db/server_route.h"
#include "detect/scan_options.h"
#include "schema/schema_profile.h"

#include <functional>

namespace payops::detect {

struct ScanReport
{
    QStringList detectors;     // the ones that were run, in run order
    QVector<Finding> findings; // most severe and most money first
    QStringList failures;      // "detector: message"
    QStringList judged;    // the ones that ran to the end, in run order: the findings are theirs
    db::ServerRoute route; // where it read, and how far behind that server was

    // Every detector failed: no findings means nothing was judged, not
    // that nothing was found.
    bool nothingJudged() const { return !detectors.isEmpty() && judged.isEmpty(); }
};

// A whole scan for the command line: checks where it reads (a standby
// further behind than the profile allows, or a replica of another
// database, throws UserError) and the profile against the catalog (throws
// UserError when it does not fit; nothing runs), then runs
// the detectors on `parallel` read-only sessions at once, calling onFinding
// as each finding arrives (from the calling thread, in arrival order).
ScanReport runBlockingScan(const ConnectionProfile &connection, const QString &password,
                           const schema::SchemaProfile &profile, const ScanOptions &options,
                           const QStringList &detectorNames, int parallel,
                           const std::function<void(const Finding &)> &onFinding = {});

// Orders findings for an operator: severity first, then money at stake.
void sortFindings(QVector<Finding> &findings);

} // namespace payops::detect
