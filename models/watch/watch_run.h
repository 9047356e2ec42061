#pragma once

#include "core/connection_profile.h"
#include "core/finding.h"
#include "detect/blocking_scan.h"
#include "schema/schema_profile.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QVector>

namespace payops::watch {

struct WatchOptions
{
    int intervalSeconds = 15 * 60;       // the first run looks back this far
    int overlapSeconds = 15 * 60;        // each window starts this much before the last one's end
    Severity alertOn = Severity::Medium; // findings below it raise no alert
    QUrl webhook;                        // empty: alerts go to standard error only
    QStringList detectors;               // empty: all the profile maps
    int jobs = 2;
};

struct WatchRunResult
{
    QDateTime windowStart;
    QDateTime windowEnd;
    detect::ScanReport report;
    QVector<QJsonObject> events; // payops-alert/1 payloads: opened, grown, closed
    QString nothingToJudge;      // set when the window held no rows: nothing was recorded
};

// One watch run: reads where the last one ended from the payops schema,
// scans the window since then (less the overlap for late rows) on
// read-only sessions, and records the findings as alerts through
// payops.record_watch_run, as the connection's login (a payops_watcher).
// Throws UserError when the database has no current payops schema, the
// login is no watcher, or the profile does not fit; a window without a
// single row of any stream is reported in nothingToJudge and changes nothing.
WatchRunResult runWatchOnce(const ConnectionProfile &connection, const QString &password,
                            const schema::SchemaProfile &profile, const WatchOptions &options,
                            const QDateTime &now);

// A finding as record_watch_run reads it.
QJsonObject findingJson(const Finding &finding);

} // namespace payops::watch
