#pragma once

#include "core/finding.h"
#include "detect/scan_options.h"
#include "schema/schema_profile.h"

#include <functional>

namespace payops::db {
class Session;
}

namespace payops::detect {

// What a detector runs with: a read-only session, the profile that maps
// the database, the part of history to judge, and a way to say what it is
// doing now.
struct DetectorContext
{
    db::Session &session;
    const schema::SchemaProfile &profile;
    ScanOptions options;
    std::function<void(const QString &)> progress;

    void say(const QString &text) const
    {
        if (progress)
            progress(text);
    }
};

// One detector: its name on the command line, what it looks for, whether
// the profile maps what it needs, and the run itself.
struct Detector
{
    QString name;
    QString description;
    std::function<bool(const schema::SchemaProfile &)> applies;
    std::function<QVector<Finding>(const DetectorContext &)> run;
};

// Every detector, in the order a scan starts them: the longest (streams)
// first, so that with two sessions the other delivers the quick findings
// meanwhile.
const QVector<Detector> &allDetectors();
const Detector *findDetector(const QString &name);
QStringList detectorNames();

QVector<Finding> runOrphans(const DetectorContext &context);
QVector<Finding> runInvariants(const DetectorContext &context);
QVector<Finding> runDuplicates(const DetectorContext &context);
QVector<Finding> runForeignValues(const DetectorContext &context);
QVector<Finding> runShareJumps(const DetectorContext &context);
QVector<Finding> runStreams(const DetectorContext &context);

} // namespace payops::detect
