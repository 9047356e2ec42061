#include "core/profile_store.h"

#include "core/connection_secrets.h"
#include "core/user_error.h"

#include <QFile>
#include <QSettings>

namespace payops {

namespace {
const QString kGroup = QStringLiteral("profiles");

QString groupFor(const QString &name)
{
    // QSettings treats '/' as a separator; percent-encode names so any text works.
    return kGroup + QLatin1Char('/') + QString::fromLatin1(name.toUtf8().toPercentEncoding());
}
// The first backup whose location still carries a password, or nullptr.
const BackupSource *backupWithPassword(const QVector<BackupSource> &backups)
{
    for (const BackupSource &backup : backups)
        if (!passwordIn(backup.location).isNull())
            return &backup;
    return nullptr;
}
} // namespace

void ProfileStore::restrictToOwner(const QSettings &settings)
{
    // QSettings rewrites the file through QSaveFile, which keeps these
    // permissions on every later write.
    if (QFile::exists(settings.fileName()))
        QFile::setPermissions(settings.fileName(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                  QFileDevice::ReadUser | QFileDevice::WriteUser);
}

ProfileStore::ProfileStore(QSettings &settings)
    : m_settings(settings)
{
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> result;
    m_settings.beginGroup(kGroup);
    const QStringList groups = m_settings.childGroups();
    m_settings.endGroup();
    for (const QString &encoded : groups) {
        const QString name = QString::fromUtf8(QByteArray::fromPercentEncoding(encoded.toLatin1()));
        try {
            result << profile(name);
        } catch (const UserError &) {
            // A malformed entry is reported when it is opened, not hidden: list it by name.
            ConnectionProfile broken;
            broken.name = name;
            result << broken;
        }
    }
    return result;
}

bool ProfileStore::contains(const QString &name) const
{
    return m_settings.contains(groupFor(name) + QStringLiteral("/database"));
}

ConnectionProfile ProfileStore::profile(const QString &name) const
{
    const QString group = groupFor(name);
    if (!contains(name))
        throw UserError(QStringLiteral("There is no connection profile named \"%1\".").arg(name),
                        QStringLiteral("Create it in Connections, or pass --db URI."));
    m_settings.beginGroup(group);
    ConnectionProfile p;
    p.name = name;
    p.host = m_settings.value(QStringLiteral("host")).toString();
    bool portOk = false;
    p.port = m_settings.value(QStringLiteral("port"), 5432).toInt(&portOk);
    p.database = m_settings.value(QStringLiteral("database")).toString();
    p.user = m_settings.value(QStringLiteral("user")).toString();
    p.sslMode = m_settings.value(QStringLiteral("sslmode"), QStringLiteral("prefer")).toString();
    p.environmentLabel = m_settings.value(QStringLiteral("environment")).toString();
    const int backups = m_settings.beginReadArray(QStringLiteral("backups"));
    for (int i = 0; i < backups; ++i) {
        m_settings.setArrayIndex(i);
        BackupSource backup;
        backup.name = m_settings.value(QStringLiteral("name")).toString();
        backup.location = m_settings.value(QStringLiteral("location")).toString();
        backup.takenAt =
            BackupSource::parseTime(m_settings.value(QStringLiteral("taken_at")).toString());
        p.backups << backup;
    }
    m_settings.endArray();
    // Profiles saved before backups had names kept a list of locations.
    if (backups == 0)
        for (const QString &location : m_settings.value(QStringLiteral("backups")).toStringList())
            p.backups << BackupSource::fromLocation(location);
    p.schemaProfile = m_settings.value(QStringLiteral("schema_profile")).toString();
    p.primary = m_settings.value(QStringLiteral("primary")).toString();
    p.maxStandbyLagSeconds =
        m_settings.value(QStringLiteral("max_standby_lag_seconds"), 300).toInt();
    const bool hasPassword = m_settings.contains(QStringLiteral("password"));
    m_settings.endGroup();

    if (hasPassword || !passwordIn(p.primary).isNull())
        throw UserError(
            QStringLiteral("Profile \"%1\" has a password written in the settings file %2.")
                .arg(name, m_settings.fileName()),
            QStringLiteral("Remove the password line from that file and store the password in "
                           "the keychain (or type it when asked)."));
    if (const BackupSource *backup = backupWithPassword(p.backups))
        throw UserError(
            QStringLiteral("Profile \"%1\" has a password written in the settings file %2, in "
                           "the location of backup \"%3\".")
                .arg(name, m_settings.fileName(),
                     backup->name.isEmpty() ? withoutPassword(backup->location)
                                            : withoutPassword(backup->name)),
            QStringLiteral("Remove the password from that location in the file and store it in "
                           "the keychain (type the backup's URI with its password under Backups "
                           "in Connect…: the console keeps the location without it)."));
    if (!portOk)
        throw UserError(QStringLiteral("Profile \"%1\" has a port that is not a number.").arg(name),
                        QStringLiteral("Edit the profile and enter a port from 1 to 65535."));
    if (const QString problem = p.validationError(); !problem.isEmpty())
        throw UserError(problem, QStringLiteral("Edit the profile and correct it."));
    if (p.environmentLabel.trimmed().isEmpty())
        throw UserError(QStringLiteral("Profile \"%1\" has no environment label.").arg(name),
                        QStringLiteral("Edit the profile and say whether it is production, "
                                       "staging, test or demo."));
    return p;
}

void ProfileStore::save(const ConnectionProfile &p)
{
    if (const QString problem = p.validationError(); !problem.isEmpty())
        throw UserError(problem, QStringLiteral("Correct the profile and save again."));
    if (p.environmentLabel.trimmed().isEmpty())
        throw UserError(QStringLiteral("Profile \"%1\" has no environment label.").arg(p.name),
                        QStringLiteral("Say whether it is production, staging, test or demo."));
    if (!passwordIn(p.primary).isNull())
        throw UserError(
            QStringLiteral("The primary of profile \"%1\" has a password in its location.")
                .arg(p.name),
            QStringLiteral("Give the location without it (postgresql://user@host/database): the "
                           "primary is reached with the profile's password; nothing was saved."));
    if (const BackupSource *backup = backupWithPassword(p.backups))
        throw UserError(
            QStringLiteral("Backup \"%1\" of profile \"%2\" has a password in its location.")
                .arg(withoutPassword(backup->name), p.name),
            QStringLiteral("Give the location without it (postgresql://user@host/database) and "
                           "store the password in the keychain; nothing was saved."));
    m_settings.beginGroup(groupFor(p.name));
    m_settings.remove(QString()); // start clean: no stale keys survive an edit
    m_settings.setValue(QStringLiteral("host"), p.host);
    m_settings.setValue(QStringLiteral("port"), p.port);
    m_settings.setValue(QStringLiteral("database"), p.database);
    m_settings.setValue(QStringLiteral("user"), p.user);
    m_settings.setValue(QStringLiteral("sslmode"), p.sslMode);
    m_settings.setValue(QStringLiteral("environment"), p.environmentLabel);
    m_settings.beginWriteArray(QStringLiteral("backups"), int(p.backups.size()));
    for (int i = 0; i < p.backups.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("name"), p.backups[i].name);
        m_settings.setValue(QStringLiteral("location"), p.backups[i].location);
        if (p.backups[i].takenAt.isValid())
            m_settings.setValue(QStringLiteral("taken_at"),
                                p.backups[i].takenAt.toUTC().toString(Qt::ISODate));
    }
    m_settings.endArray();
    m_settings.setValue(QStringLiteral("schema_profile"), p.schemaProfile);
    if (!p.primary.trimmed().isEmpty())
        m_settings.setValue(QStringLiteral("primary"), p.primary.trimmed());
    if (p.maxStandbyLagSeconds != 300)
        m_settings.setValue(QStringLiteral("max_standby_lag_seconds"), p.maxStandbyLagSeconds);
    m_settings.endGroup();
    m_settings.sync();
    restrictToOwner(m_settings);
}

void ProfileStore::remove(const QString &name)
{
    m_settings.remove(groupFor(name));
    m_settings.sync();
    restrictToOwner(m_settings);
}

} // namespace payops
