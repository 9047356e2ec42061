#include "cli/backup_options.h"

#include "cli/backup_choice.h"
#include "cli/interrupt.h"

void addBackupOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("backup"),
         QStringLiteral("The backup: a postgresql:// URI, a pg_dump archive's path (restored into "
                        "a sandbox), or the name of a backup in the console's saved connections "
                        "(the demo's: billing_backup, billing_backup.dump). Default: the demo's "
                        "billing_backup."),
         QStringLiteral("URI|FILE|NAME")});
    parser.addOption(
        {QStringLiteral("backup-taken-at"),
         QStringLiteral("When the backup was taken (2026-04-10 00:00, UTC unless a zone is "
                        "given). Default: the archive's own time, else the newest charge the "
                        "backup holds. Rows created later are \"new since backup\"."),
         QStringLiteral("TIME")});
    parser.addOption(
        {QStringLiteral("backup-archive"),
         QStringLiteral(
             "The backup as a pg_dump archive (custom, directory or tar; a plain SQL script is "
             "refused): restored into a sandbox database, used, and dropped."),
         QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("sandbox-server"),
         QStringLiteral(
             "postgresql:// URI of the server to restore the archive on, as a role that may "
             "create databases and is no superuser, or one that may create roles too (then "
             "each sandbox gets a role of its own). Default: the console's own sandbox "
             "cluster, started for the restore and stopped after."),
         QStringLiteral("URI")});
}

bool checkBackupOptions(CliContext &context, const QCommandLineParser &parser, int &exitCode)
{
    if (parser.isSet(QStringLiteral("backup")) && parser.isSet(QStringLiteral("backup-archive"))) {
        context.err << "Give the backup either as --backup or as --backup-archive, not both.\n";
        exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("backup-taken-at")) &&
        !payops::BackupSource::parseTime(parser.value(QStringLiteral("backup-taken-at")))
             .isValid()) {
        context.err << "--backup-taken-at takes a time such as 2026-04-10 00:00 (UTC) or "
                       "2026-04-10T00:00+02:00, not \""
                    << parser.value(QStringLiteral("backup-taken-at")) << "\".\n";
        exitCode = ExitUsage;
        return false;
    }
    return true;
}

std::unique_ptr<payops::diff::OpenedBackup> openChosenBackup(CliContext &context,
                                                             const QCommandLineParser &parser)
{
    payops::BackupSource chosen = chooseBackup(parser);
    if (parser.isSet(QStringLiteral("backup-taken-at"))) // entered here, over a saved one
        chosen.takenAt =
            payops::BackupSource::parseTime(parser.value(QStringLiteral("backup-taken-at")));
    // An archive is restored into a sandbox first (dropped on every way
    // out, Ctrl-C and SIGTERM included).
    cancelOnInterrupt();
    payops::diff::BackupOpenOptions options;
    options.sandboxServer = parser.isSet(QStringLiteral("sandbox-server"))
                                ? payops::pgtools::SandboxServer::configured(
                                      parser.value(QStringLiteral("sandbox-server")))
                                : payops::pgtools::SandboxServer::own();
    options.restoreLog = [&context](const QString &line) {
        context.err << line << '\n';
        context.err.flush();
    };
    options.cancel = interruptFlag();
    return std::make_unique<payops::diff::OpenedBackup>(chosen, options);
}
