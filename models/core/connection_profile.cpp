#include "core/connection_profile.h"

namespace payops {

QString ConnectionProfile::quoteConnValue(const QString &value)
{
    // libpq: single quotes around the value, backslash escapes ' and \.
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

ConnectionProfile ConnectionProfile::fromUri(const QString &uri, const QString &environmentLabel)
{
    ConnectionProfile profile;
    profile.name = QStringLiteral("command line");
    profile.rawUri = uri.trimmed();
    profile.environmentLabel = environmentLabel;
    return profile;
}

namespace {

bool looksLikeConnection(const QString &text)
{
    return text.startsWith(u"postgresql://") || text.startsWith(u"postgres://") ||
           text.contains(QLatin1Char('='));
}

} // namespace

QString ConnectionProfile::validationError() const
{
    if (!primary.trimmed().isEmpty() && !looksLikeConnection(primary.trimmed()))
        return QStringLiteral("The primary \"%1\" is neither a postgresql:// URI nor a key=value "
                              "connection string.")
            .arg(primary.trimmed());
    if (maxStandbyLagSeconds < 1)
        return QStringLiteral("The standby lag limit must be at least one second, not %1.")
            .arg(maxStandbyLagSeconds);
    if (!rawUri.isEmpty()) {
        if (!looksLikeConnection(rawUri))
            return QStringLiteral("The connection \"%1\" is neither a postgresql:// URI nor a "
                                  "key=value connection string.")
                .arg(rawUri);
        return {};
    }
    if (name.trimmed().isEmpty())
        return QStringLiteral("The profile has no name.");
    if (database.trimmed().isEmpty())
        return QStringLiteral("Profile \"%1\" names no database.").arg(name);
    for (const BackupSource &backup : backups)
        if (const QString problem = backup.validationError(); !problem.isEmpty())
            return QStringLiteral("Profile \"%1\": %2").arg(name, problem);
    if (port < 1 || port > 65535)
        return QStringLiteral("Profile \"%1\" has port %2, outside 1-65535.").arg(name).arg(port);
    static const QStringList sslModes = {"disable", "allow",     "prefer",
                                         "require", "verify-ca", "verify-full"};
    if (!sslModes.contains(sslMode))
        return QStringLiteral("Profile \"%1\" has sslmode \"%2\"; use one of %3.")
            .arg(name, sslMode, sslModes.join(QStringLiteral(", ")));
    return {};
}

QString ConnectionProfile::toConnInfo() const
{
    if (!rawUri.isEmpty())
        return rawUri;
    QStringList parts;
    if (!host.isEmpty())
        parts << QStringLiteral("host=") + quoteConnValue(host);
    parts << QStringLiteral("port=") + QString::number(port);
    parts << QStringLiteral("dbname=") + quoteConnValue(database);
    if (!user.isEmpty())
        parts << QStringLiteral("user=") + quoteConnValue(user);
    parts << QStringLiteral("sslmode=") + quoteConnValue(sslMode);
    return parts.join(QLatin1Char(' '));
}

} // namespace payops
