#include "cli/backup_choice.h"

#include "core/profile_store.h"
#include "core/user_error.h"
#include "demo/demo_cluster.h"

#include <QSettings>

payops::BackupSource chooseBackup(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("backup-archive")))
        return payops::BackupSource::fromLocation(parser.value(QStringLiteral("backup-archive")));
    if (!parser.isSet(QStringLiteral("backup")))
        return payops::demo::DemoCluster().backups().value(0);
    const QString given = parser.value(QStringLiteral("backup"));
    payops::BackupSource backup = payops::resolveBackup({}, given);
    if (!backup.location.isEmpty())
        return backup;
    // A name: among the backups the console's saved connections name...
    QSettings consoleSettings(QStringLiteral("payops"), QStringLiteral("payops-console"));
    QStringList namedIn;
    for (const payops::ConnectionProfile &connection :
         payops::ProfileStore(consoleSettings).profiles())
        for (const payops::BackupSource &named : connection.backups)
            if (named.name == given) {
                backup = named;
                namedIn << connection.name;
            }
    if (namedIn.size() > 1)
        throw payops::UserError(
            QStringLiteral("Several connection profiles name a backup \"%1\": %2.")
                .arg(given, namedIn.join(QStringLiteral(", "))),
            QStringLiteral("Give that backup's URI or archive path instead; nothing was "
                           "compared."));
    // ...else the demo's.
    if (backup.location.isEmpty() && payops::demo::DemoCluster().isRunning())
        backup = payops::resolveBackup(payops::demo::DemoCluster().backups(), given);
    if (backup.location.isEmpty())
        throw payops::UserError(
            QStringLiteral("\"%1\" is neither a postgresql:// URI, an archive file that exists, "
                           "nor the name of a backup a saved connection names.")
                .arg(given),
            QStringLiteral("Give the backup's URI or the path of its pg_dump archive, or name one "
                           "from the console's saved connections (the demo's are called "
                           "billing_backup and billing_backup.dump)."));
    return backup;
}
