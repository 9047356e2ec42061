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

bool ServerIdentity::sameDatabaseAs(const ServerIdentity &other) const
{
    if (database != other.database)
        return false;
    if (!systemIdentifier.isEmpty() && !other.systemIdentifier.isEmpty())
        return systemIdentifier == other.systemIdentifier;
    if (!installationId.isEmpty() && !other.installationId.isEmpty())
        return installationId == other.installationId;
    return true; // nothing more to compare with: the name must do
}

} // namespace payops
