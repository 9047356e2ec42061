#include "cli/diff_command.h"

#include "cli/backup_choice.h"
#include "cli/diff_output.h"
#include "cli/interrupt.h"
#include "cli/schema_profile_option.h"
#include "cli/user_diff_output.h"
#include "core/connection_secrets.h"
#include "core/user_error.h"
#include "db/session.h"
#include "diff/backup_comparison.h"
#include "diff/opened_backup.h"
#include "diff/user_matches.h"

namespace {

// One user's records across tables, live against the opened backup.
int compareUser(CliContext &context, const QString &user, payops::db::Session &live,
                payops::db::Session &backup, const payops::schema::SchemaProfile &profile,
                const QString &backupName, const payops::diff::BackupTime &given,
                const QString &format)
{
    const QDateTime takenAt = payops::diff::checkBackupOfLive(live, backup, profile, given).takenAt;
    const auto tables = payops::diff::userTablesFromProfile(live, profile);
    if (tables.isEmpty())
        throw payops::UserError(
            QStringLiteral("Live has no table %1.%2, the accounts table of the schema profile "
                           "\"%3\".")
                .arg(profile.schema, profile.table(QStringLiteral("accounts")).table, profile.name),
            QStringLiteral("Give --schema-profile the schema profile of this database; nothing was "
                           "compared."));
    const auto records =
        payops::diff::diffUser(live, backup, profile.schema, tables, user, takenAt);
    // Not even an account row: the key is nobody's, and an empty list
    // would look like a user with nothing changed.
    if (records.isEmpty())
        throw payops::diff::noAccountWithKey(live, backup, profile, user, QStringLiteral("--user"));
    printUserDiff(context.out, {user, backupName, QDateTime::currentDateTimeUtc(), records},
                  format);
    return ExitOk;
}

} // namespace

int runDiffCommand(CliContext &context)
{
    QCommandLineParser parser;
    context.addDatabaseOption(parser);
    parser.addOption(
        {QStringLiteral("backup"),
         QStringLiteral("The backup to compare with: a postgresql:// URI, a pg_dump archive's path "
                        "(restored into a sandbox), or the name of a backup in the console's "
                        "saved connections (the demo's: billing_backup, billing_backup.dump). "
                        "Default: the demo's billing_backup."),
         QStringLiteral("URI|FILE|NAME")});
    parser.addOption(
        {QStringLiteral("backup-taken-at"),
         QStringLiteral("When the backup was taken (2026-04-10 00:00, UTC unless a zone is "
                        "given). Default: the archive's own time, else the newest charge the "
                        "backup holds. Rows created later are \"new since backup\"."),
         QStringLiteral("TIME")});
    parser.addOption(
        {QStringLiteral("table"),
         QStringLiteral("Only this table (repeatable; default: every table with a primary key)."),
         QStringLiteral("TABLE")});
    parser.addOption(
        {QStringLiteral("backup-archive"),
         QStringLiteral(
             "The backup as a pg_dump archive (custom, directory or tar; a plain SQL script is "
             "refused): restored into a sandbox database, compared, and dropped."),
         QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("sandbox-server"),
         QStringLiteral(
             "postgresql:// URI of the server to restore the archive on, as a role that may "
             "create databases and is no superuser, or one that may create roles too (then "
             "each sandbox gets a role of its own). Default: the console's own sandbox "
             "cluster, started for the restore and stopped after."),
         QStringLiteral("URI")});
    parser.addOption(
        {QStringLiteral("user"),
         QStringLiteral("Only this user's records, in every table that refers to the account."),
         QStringLiteral("ID")});
    const SchemaProfileOption schemaProfileOption(
        parser, QStringLiteral("Schema profile of the database: its charges (to recognise a copy "
                               "of it), time columns, and the accounts table and user column for "
                               "--user (default: the demo's)."));
    parser.addOption({QStringLiteral("schema"),
                      QStringLiteral("Schema of the tables (default public)."),
                      QStringLiteral("NAME"), QStringLiteral("public")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("json, csv or text (default text)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral("payops diff: what differs, row by row, between live data and a backup "
                           "(deleted, created, changed with the changed columns). Both servers "
                           "checksum key ranges; only differing rows are fetched."),
            exitCode) ||
        !schemaProfileOption.check(context, exitCode))
        return exitCode;
    const QString format = parser.value(QStringLiteral("format"));
    if (format != u"json" && format != u"csv" && format != u"text") {
        context.err << "--format takes json, csv or text, not \"" << format << "\".\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("backup")) && parser.isSet(QStringLiteral("backup-archive"))) {
        context.err << "Give the backup either as --backup or as --backup-archive, not both.\n";
        return ExitUsage;
    }
    QDateTime takenAt;
    if (parser.isSet(QStringLiteral("backup-taken-at"))) {
        takenAt = payops::BackupSource::parseTime(parser.value(QStringLiteral("backup-taken-at")));
        if (!takenAt.isValid()) {
            context.err << "--backup-taken-at takes a time such as 2026-04-10 00:00 (UTC) or "
                           "2026-04-10T00:00+02:00, not \""
                        << parser.value(QStringLiteral("backup-taken-at")) << "\".\n";
            return ExitUsage;
        }
    }
    const payops::ConnectionProfile liveProfile = context.databaseFrom(parser);
    payops::BackupSource chosen = chooseBackup(parser);
    if (takenAt.isValid())
        chosen.takenAt = takenAt; // entered on the command line, over a saved one

    // An archive is restored into a sandbox first (dropped on every way
    // out, Ctrl-C and SIGTERM included).
    cancelOnInterrupt();
    payops::diff::BackupOpenOptions options;
    options.sandboxServer = parser.isSet(QStringLiteral("sandbox-server"))
                                ? payops::pgtools::SandboxServer::configured(
                                      parser.value(QStringLiteral("sandbox-server")))
                                : payops::pgtools::SandboxServer::own();
    options.restoreLog = [&](const QString &line) {
        context.err << line << '\n';
        context.err.flush();
    };
    options.cancel = interruptFlag();
    payops::diff::OpenedBackup opened(chosen, options);
    payops::db::Session live(liveProfile, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops diff"));
    payops::db::Session &backup = opened.connect(QStringLiteral("payops diff"));
    auto schemaProfile = schemaProfileOption.load();
    if (parser.isSet(QStringLiteral("schema")))
        schemaProfile.schema = parser.value(QStringLiteral("schema"));
    payops::diff::checkSchemaOnBothSides(live, backup, schemaProfile.schema);
    // A backup given as a URI is named after it: shown without its password.
    const QString backupName = payops::withoutPassword(chosen.name);
    if (parser.isSet(QStringLiteral("user")))
        return compareUser(context, parser.value(QStringLiteral("user")), live, backup,
                           schemaProfile, backupName, opened.givenTime(), format);

    // Shapes, identity and age are checked before anything is compared.
    payops::diff::BackupComparison comparison(
        live, backup, schemaProfile, parser.values(QStringLiteral("table")), opened.givenTime());
    context.err << "Comparing with " << backupName << ", taken "
                << comparison.plan().backupTime.describe() << '\n';
    DiffOutput output(context.out, format);
    comparison.run([&](const payops::diff::RowChange &change) { output.row(change); },
                   [&](const payops::diff::DiffProgress &progress) {
                       output.progress(progress, comparison.population());
                   },
                   interruptFlag());
    output.finish(comparison.population(), backupName, comparison.plan().backupTime,
                  schemaProfile.schema);
    return ExitOk;
}
