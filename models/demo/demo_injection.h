#pragma once

#include <QString>
#include <QStringList>

namespace payops::demo {

class DemoCluster;

// What one `payops demo inject` did.
struct InjectionResult
{
    QString actor;        // its name in demo_truth.changes and the manifest: injected_<incident>
    int rowsRecorded = 0; // rows of demo_truth.changes this injection added
    QString window;       // from/to of every injection of this incident so far
};

// Copies one of the five incidents into a running demo "now": new rows
// with fresh keys and times of the last few minutes, smaller than the
// published incident but above the detectors' thresholds, each recorded in
// demo_truth.changes under the actor injected_<incident> (the manifest
// lists it as an incident of its own). Injecting the same incident again
// makes it grow. database: billing, or a copy of it in the same cluster.
class DemoInjection
{
public:
    // The names `payops demo inject` accepts, as in the manifest.
    static QStringList incidents();

    static InjectionResult inject(const DemoCluster &demo, const QString &incident,
                                  const QString &database = QStringLiteral("billing"));
};

} // namespace payops::demo
