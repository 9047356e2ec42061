#include "core/backup_source.h"

#include "core/connection_secrets.h"

#include <QFileInfo>
#include <QUrl>

namespace payops {

bool BackupSource::isArchive() const
{
    return !location.startsWith(u"postgresql://") && !location.startsWith(u"postgres://") &&
           !location.contains(QLatin1Char('='));
}

QString BackupSource::secretKey(const QString &profileName) const
{
    // Its own prefix, so it never meets a profile's "payops/NAME/USER"; the
    // parts encoded, so "a/b" + "c" and "a" + "b/c" stay two keys.
    return QStringLiteral("payops-backup/%1/%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(profileName)),
             QString::fromLatin1(QUrl::toPercentEncoding(name)));
}

QString BackupSource::validationError() const
{
    if (name.trimmed().isEmpty())
        return QStringLiteral("A backup has no name.");
    if (location.trimmed().isEmpty())
        return QStringLiteral("Backup \"%1\" says nowhere where it is (a postgresql:// URI or "
                              "the path of a pg_dump archive).")
            .arg(name);
    return {};
}

BackupSource BackupSource::fromLocation(const QString &location)
{
    BackupSource backup;
    backup.location = location.trimmed();
    // The name is shown, printed and written into reports: never the password.
    backup.name = backup.isArchive() ? QFileInfo(backup.location).fileName()
                                     : withoutPassword(backup.location);
    return backup;
}

QDateTime BackupSource::parseTime(const QString &text)
{
    QString t = text.trimmed();
    // "+02" as PostgreSQL prints it: Qt wants "+02:00".
    if (t.size() > 3 && (t[t.size() - 3] == u'+' || t[t.size() - 3] == u'-') &&
        t.lastIndexOf(QLatin1Char(':')) < t.size() - 3)
        t += QStringLiteral(":00");
    t.replace(QLatin1Char(' '), QLatin1Char('T'));
    QDateTime time = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (time.isValid() && time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC); // a time without a zone is UTC, as the console shows times
    return time;
}

BackupSource resolveBackup(const QVector<BackupSource> &known, const QString &nameOrLocation)
{
    for (const BackupSource &backup : known)
        if (backup.name == nameOrLocation)
            return backup;
    const BackupSource given = BackupSource::fromLocation(nameOrLocation);
    if (!given.isArchive() || QFileInfo::exists(given.location))
        return given;
    return {};
}

} // namespace payops
