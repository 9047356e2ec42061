#pragma once

#include <QDateTime>

namespace payops::detect {

// What part of history a scan judges. A null `since` judges everything; a
// set one judges only events from then on, reading just enough history
// around it for the baselines, so its cost follows the window.
struct ScanOptions
{
    QDateTime since;
    QDateTime until; // end of the judged window when since is set (default: now)
};

} // namespace payops::detect
