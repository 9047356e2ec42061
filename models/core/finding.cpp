#include "core/finding.h"

namespace payops {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Low:
        return QStringLiteral("low");
    case Severity::Medium:
        return QStringLiteral("medium");
    case Severity::High:
        return QStringLiteral("high");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("info");
}

QString moneyText(const Finding &finding)
{
    if (finding.totals.isEmpty() && !finding.moneyNote.isEmpty())
        return finding.moneyNote;
    return finding.totals.toDisplayString();
}

} // namespace payops
