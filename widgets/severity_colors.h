#pragma once

#include "core/finding.h"

#include <QString>

namespace payops {

// One colour per severity everywhere the console draws findings: red for
// critical and high, amber for medium, blue for low, grey for info.
inline QString severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
    case Severity::High:
        return QStringLiteral("#c62828");
    case Severity::Medium:
        return QStringLiteral("#ef8f00");
    case Severity::Low:
        return QStringLiteral("#1565c0");
    case Severity::Info:
        break;
    }
    return QStringLiteral("#616161");
}

} // namespace payops
