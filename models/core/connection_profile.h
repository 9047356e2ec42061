#pragma once

#include "core/backup_source.h"
#include "core/environment.h"

#include <QString>
#include <QStringList>

namespace payops {

// Where a billing database lives and what it is. Never holds a password:
// passwords live only in the OS keychain (see secrets/).
struct ConnectionProfile
{
    QString name;
    // Host name or unix-socket directory; several, comma-separated, for a
    // primary and its standbys: investigation then prefers a standby and
    // records go to the primary (libpq's target_session_attrs).
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString sslMode = QStringLiteral("prefer");
    QString environmentLabel;      // production, staging, test, demo, ...
    QVector<BackupSource> backups; // backups of this database, by name
    QString schemaProfile;         // path of its schema profile JSON; empty: the demo's layout
    // The primary's own location (URI or key=value, never a password) when
    // the hosts above reach only a standby; empty: the primary is among them.
    QString primary;
    // Investigation on a standby further behind its primary than this is
    // refused: its findings would miss what happened since.
    int maxStandbyLagSeconds = 300;

    // A connection URI given on the command line ("postgresql://..." or a
    // libpq "key=value" string) wrapped as a profile.
    static ConnectionProfile fromUri(const QString &uri, const QString &environmentLabel = {});

    // Empty when the profile can be used, else the first problem, in words.
    QString validationError() const;
    // libpq connection string with every value quoted; no password in it.
    QString toConnInfo() const;
    // The same, for the primary: `primary` when given, else toConnInfo().
    QString primaryConnInfo() const
    {
        return primary.trimmed().isEmpty() ? toConnInfo() : primary.trimmed();
    }
    // Key under which the keychain stores this profile's password.
    QString secretKey() const { return QStringLiteral("payops/%1/%2").arg(name, user); }
    Environment environment() const { return Environment::fromLabel(environmentLabel); }

    // A value quoted for a libpq key=value connection string.
    static QString quoteConnValue(const QString &value);

    // Set when the profile was made from a raw URI; toConnInfo() returns it as is.
    QString rawUri;
};

} // namespace payops
