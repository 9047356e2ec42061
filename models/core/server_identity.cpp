#include "core/server_identity.h"

namespace payops {

QString ServerIdentity::effectiveEnvironment(const QString &profileLabel) const
{
    if (!environmentMarker.isEmpty())
        return environmentMarker;
    return profileLabel;
}

QString ServerIdentity::mismatch(const QString &profileLabel) const
{
    if (environmentMarker.isEmpty() || profileLabel.isEmpty())
        return {};
    const auto fromProfile = Environment::fromLabel(profileLabel);
    const auto fromDatabase = Environment::fromLabel(environmentMarker);
    if (fromProfile.kind == fromDatabase.kind)
        return {};
    return QStringLiteral("The profile says %1 but database %2 says it is %3; treating it as %3.")
        .arg(fromProfile.displayName(), database, fromDatabase.displayName());
}

} // namespace payops
