#include "cli/diff_command.h"

#include "cli/backup_options.h"
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
    addBackupOptions(parser);
    parser.addOption(
        {QStringLiteral("table"),
         QStringLiteral("Only this table (repeatable; default: every table with a primary key)."),
         QStringLiteral("TABLE")});
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
    if (!checkBackupOptions(context, parser, exitCode))
        return exitCode;
    const payops::ConnectionProfile liveProfile = context.databaseFrom(parser);
    const auto opened = openChosenBackup(context, parser);
    payops::db::Session live(liveProfile, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops diff"));
    const payops::db::ServerRoute route = payops::db::inspectRoute(live, liveProfile, QString());
    payops::db::requireUsableInvestigation(route, liveProfile);
    context.err << "Reading live data from the " << route.words() << ".\n";
    payops::db::Session &backup = opened->connect(QStringLiteral("payops diff"));
    auto schemaProfile = schemaProfileOption.load();
    if (parser.isSet(QStringLiteral("schema")))
        schemaProfile.schema = parser.value(QStringLiteral("schema"));
    payops::diff::checkSchemaOnBothSides(live, backup, schemaProfile.schema);
    // A backup given as a URI is named after it: shown without its password.
    const QString backupName = payops::withoutPassword(opened->backup().name);
    if (parser.isSet(QStringLiteral("user")))
        return compareUser(context, parser.value(QStringLiteral("user")), live, backup,
                           schemaProfile, backupName, opened->givenTime(), format);

    // Shapes, identity and age are checked before anything is compared.
    payops::diff::BackupComparison comparison(
        live, backup, schemaProfile, parser.values(QStringLiteral("table")), opened->givenTime());
    context.err << "Comparing with " << backupName << ", taken "
                << comparison.plan().backupTime.describe() << '\n';
    DiffOutput output(context.out, format);
    output.setLiveRoute(route);
    comparison.run([&](const payops::diff::RowChange &change) { output.row(change); },
                   [&](const payops::diff::DiffProgress &progress) {
                       output.progress(progress, comparison.population());
                   },
                   interruptFlag());
    output.finish(comparison.population(), backupName, comparison.plan().backupTime,
                  schemaProfile.schema);
    if (const int retried = payops::db::statementStats().recoveryConflictRetries; retried > 0)
        context.err << retried << (retried == 1 ? " statement was" : " statements were")
                    << " cancelled by the standby's recovery and run again.\n";
    return ExitOk;
}
