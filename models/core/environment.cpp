#include "core/environment.h"

namespace payops {

Environment Environment::fromLabel(const QString &label)
{
    const QString key = label.trimmed().toLower();
    Environment env;
    env.label = label.trimmed();
    if (key == u"production" || key == u"prod" || key == u"live")
        env.kind = EnvironmentKind::Production;
    else if (key == u"staging" || key == u"stage" || key == u"preprod")
        env.kind = EnvironmentKind::Staging;
    else if (key == u"test" || key == u"testing" || key == u"dev" || key == u"development")
        env.kind = EnvironmentKind::Test;
    else if (key == u"demo")
        env.kind = EnvironmentKind::Demo;
    else
        env.kind = EnvironmentKind::Unknown;
    return env;
}

QString Environment::bannerColorName() const
{
    switch (kind) {
    case EnvironmentKind::Production:
        return QStringLiteral("#c62828");
    case EnvironmentKind::Staging:
        return QStringLiteral("#ef8f00");
    case EnvironmentKind::Test:
    case EnvironmentKind::Demo:
        return QStringLiteral("#1565c0");
    case EnvironmentKind::Unknown:
        break;
    }
    // Unknown is treated like production: the safe assumption.
    return QStringLiteral("#6a1b9a");
}

QString Environment::displayName() const
{
    switch (kind) {
    case EnvironmentKind::Production:
        return QStringLiteral("PRODUCTION");
    case EnvironmentKind::Staging:
        return QStringLiteral("STAGING");
    case EnvironmentKind::Test:
        return QStringLiteral("TEST");
    case EnvironmentKind::Demo:
        return QStringLiteral("DEMO");
    case EnvironmentKind::Unknown:
        break;
    }
    return label.isEmpty() ? QStringLiteral("UNKNOWN ENVIRONMENT")
                           : QStringLiteral("UNKNOWN ENVIRONMENT (%1)").arg(label);
}

} // namespace payops
