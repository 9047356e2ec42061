#pragma once

#include <QDateTime>

namespace payops::watch {

// Now, for the watch. The tests set PAYOPS_WATCH_NOW (an ISO time) to walk
// a watch through the demo's timeline, whose "now" is in the past; nobody
// else should.
QDateTime watchNow();

// The shortest interval `payops watch --every` accepts: a minute, since
// each run scans the billing tables. Tests lower it with
// PAYOPS_WATCH_MIN_SECONDS to see several runs in a few seconds.
int minimumIntervalSeconds();

} // namespace payops::watch
