#include "cli/diff_command.h"

#include "cli/interrupt.h"
#include "cli/schema_profile_option.h"
#include "core/connection_secrets.h"
#include "core/profile_store.h"
#include "core/user_error.h"
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "diff/database_diff.h"
#include "diff/population.h"
#include "diff/record_values.h"
#include "diff/table_differ.h"
#include "diff/user_diff.h"
#include "diff/user_matches.h"
#include "items/csv_writer.h"
#include "pgtools/archive_sandbox.h"
#include "schema/schema_profile.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace {

QJsonValue jsonText(const QString &text)
{
    return text.isEmpty() ? QJsonValue()
                          : QJsonValue(QJsonDocument::fromJson(text.toUtf8()).object());
}

const QStringList kChangeKinds = {QStringLiteral("deleted"), QStringLiteral("created"),
                                  QStringLiteral("new"), QStringLiteral("changed")};

// --backup (a URI, an archive, or one of the demo's names), --backup-archive,
// or the demo's billing_backup. Throws UserError when the name is unknown.
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
    // A name: among the backups the console's connection profiles name...
    QSettings consoleSettings(QStringLiteral("payops"), QStringLiteral("payops-console"));
    QStringList namedIn;
    for (const payops::ConnectionProfile &profile :
         payops::ProfileStore(consoleSettings).profiles())
        for (const payops::BackupSource &named : profile.backups)
            if (named.name == given) {
                backup = named;
                namedIn << profile.name;
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
                           "nor the name of a backup a connection profile names.")
                .arg(given),
            QStringLiteral("Give the backup's URI or the path of its pg_dump archive, or name one "
                           "from the console's connection profiles (the demo's are called "
                           "billing_backup and billing_backup.dump)."));
    return backup;
}

} // namespace

// One user's records across tables: each deleted, created, changed (with
// its columns, old and new) or unchanged.
static int printUserDiff(CliContext &context, const QCommandLineParser &parser,
                         payops::db::Session &live, payops::db::Session &backup,
                         const payops::schema::SchemaProfile &profile, const QString &format,
                         const QDateTime &takenAt)
{
    const auto tables = payops::diff::userTablesFromProfile(live, profile);
    if (tables.isEmpty())
        throw payops::UserError(
            QStringLiteral("Live has no table %1.%2, the accounts table of the schema profile "
                           "\"%3\".")
                .arg(profile.schema, profile.table(QStringLiteral("accounts")).table, profile.name),
            QStringLiteral("Give --schema-profile the schema profile of this database; nothing "
                           "was compared."));
    const QString user = parser.value(QStringLiteral("user"));
    const auto records =
        payops::diff::diffUser(live, backup, profile.schema, tables, user, takenAt);
    // Not even an account row: the key is nobody's, and an empty list
    // would look like a user with nothing changed.
    if (records.isEmpty())
        throw payops::diff::noAccountWithKey(live, backup, profile, user, QStringLiteral("--user"));
    QJsonArray array;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    payops::CsvWriter csv(buffer);
    csv.writeRow({QStringLiteral("table"), QStringLiteral("change"), QStringLiteral("key"),
                  QStringLiteral("changed_columns")});
    for (const auto &record : records) {
        const auto &c = record.change;
        const QString kind = record.same ? QStringLiteral("same") : payops::diff::kindName(c.kind);
        if (format == u"text") {
            context.out << c.table << ' ' << c.key << ": " << kind;
            if (!c.changedColumns.isEmpty()) {
                const QJsonObject old = QJsonDocument::fromJson(c.before.toUtf8()).object();
                const QJsonObject now = QJsonDocument::fromJson(c.after.toUtf8()).object();
                for (const QString &column : c.changedColumns)
                    context.out << "  " << column << ": "
                                << payops::diff::jsonValueText(old.value(column)) << " -> "
                                << payops::diff::jsonValueText(now.value(column));
            }
            context.out << '\n';
        } else if (format == u"csv") {
            csv.writeRow({c.table, kind, c.key, c.changedColumns.join(QLatin1Char(' '))});
        } else {
            array.append(QJsonObject{
                {QStringLiteral("table"), c.table},
                {QStringLiteral("change"), kind},
                {QStringLiteral("key"), jsonText(c.key)},
                {QStringLiteral("changed_columns"), QJsonArray::fromStringList(c.changedColumns)},
                {QStringLiteral("before"), jsonText(c.before)},
                {QStringLiteral("after"), jsonText(c.after)}});
        }
    }
    if (format == u"json")
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("format"),
                                                  QStringLiteral("payops-user-diff/1")},
                                                 {QStringLiteral("user"), user},
                                                 {QStringLiteral("records"), array}})
                           .toJson(QJsonDocument::Indented);
    else if (format == u"csv")
        context.out << QString::fromUtf8(buffer.data());
    return ExitOk;
}

int runDiffCommand(CliContext &context)
{
    QCommandLineParser parser;
    context.addDatabaseOption(parser);
    parser.addOption(
        {QStringLiteral("backup"),
         QStringLiteral("The backup to compare with: a postgresql:// URI, a pg_dump archive's path "
                        "(restored into a sandbox), or the name of a backup in the console's "
                        "connection profiles (the demo's: billing_backup, billing_backup.dump). "
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
    const payops::BackupSource chosen = chooseBackup(parser);

    // An archive is restored into a sandbox first (dropped on every way
    // out, Ctrl-C and SIGTERM included).
    cancelOnInterrupt();
    std::unique_ptr<payops::pgtools::ArchiveSandbox> sandbox;
    payops::diff::BackupTime given{chosen.takenAt, payops::diff::BackupTime::Source::Entered};
    if (takenAt.isValid())
        given.takenAt = takenAt;
    if (chosen.isArchive()) {
        sandbox = std::make_unique<payops::pgtools::ArchiveSandbox>(
            chosen.location,
            parser.isSet(QStringLiteral("sandbox-server"))
                ? payops::pgtools::SandboxServer::configured(
                      parser.value(QStringLiteral("sandbox-server")))
                : payops::pgtools::SandboxServer::own(),
            [&](const QString &line) {
                context.err << line << '\n';
                context.err.flush();
            },
            std::function<void(double)>(), interruptFlag());
        if (!given.isKnown() && sandbox->info().createdAt.isValid())
            given = {sandbox->info().createdAt, payops::diff::BackupTime::Source::Archive};
    }
    const payops::ConnectionProfile backupProfile = payops::ConnectionProfile::fromUri(
        sandbox ? sandbox->uri() : chosen.location, liveProfile.environmentLabel);
    payops::db::Session live(liveProfile, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops diff"));
    // A restored archive is read as its sandbox's own role.
    payops::db::Session backup(backupProfile, sandbox ? sandbox->password() : QString(),
                               payops::db::SessionOptions(), QStringLiteral("payops diff"));
    auto schemaProfile = schemaProfileOption.load();
    if (parser.isSet(QStringLiteral("schema")))
        schemaProfile.schema = parser.value(QStringLiteral("schema"));
    const QString schema = schemaProfile.schema;
    payops::diff::checkSchemaOnBothSides(live, backup, schema);
    if (parser.isSet(QStringLiteral("user")))
        return printUserDiff(
            context, parser, live, backup, schemaProfile, format,
            payops::diff::checkBackupOfLive(live, backup, schemaProfile, given).takenAt);

    // Shapes, identity and age are checked before anything is compared.
    const payops::diff::DatabaseDiffPlan plan = payops::diff::planDatabaseDiff(
        live, backup, schemaProfile, parser.values(QStringLiteral("table")), given);
    // A backup given as a URI is named after it: shown without its password.
    const QString backupName = payops::withoutPassword(chosen.name);
    context.err << "Comparing with " << backupName << ", taken " << plan.backupTime.describe()
                << '\n';

    QJsonArray tableArray;
    QBuffer csvBuffer;
    csvBuffer.open(QIODevice::WriteOnly);
    payops::CsvWriter csv(csvBuffer);
    csv.writeRow({QStringLiteral("table"), QStringLiteral("change"), QStringLiteral("key"),
                  QStringLiteral("changed_columns")});
    // The population view: fed by every row, printed after the tables.
    payops::diff::Population population(payops::diff::userTablesFromProfile(live, schemaProfile),
                                        plan.timeColumns);
    QJsonArray rows;
    const auto finishTable = [&](const QString &table) {
        // The population has counted the table's rows as they passed.
        const QMap<QString, qint64> counts = population.counts.value(table);
        if (format == u"text")
            context.out << table << ": " << counts.value(QStringLiteral("deleted")) << " deleted, "
                        << counts.value(QStringLiteral("created")) << " created, "
                        << counts.value(QStringLiteral("new")) << " new since the backup, "
                        << counts.value(QStringLiteral("changed")) << " changed\n";
        QJsonObject entry{{QStringLiteral("table"), table}, {QStringLiteral("rows"), rows}};
        for (const QString &kind : kChangeKinds)
            entry.insert(kind, double(counts.value(kind)));
        tableArray.append(entry);
        rows = QJsonArray();
    };
    QString current;
    payops::diff::runDatabaseDiff(
        live, backup, plan,
        [&](const payops::diff::RowChange &change) {
            const QString kind = payops::diff::kindName(change.kind);
            population.add(change);
            if (format == u"json")
                rows.append(QJsonObject{{QStringLiteral("change"), kind},
                                        {QStringLiteral("key"), jsonText(change.key)},
                                        {QStringLiteral("changed_columns"),
                                         QJsonArray::fromStringList(change.changedColumns)},
                                        {QStringLiteral("before"), jsonText(change.before)},
                                        {QStringLiteral("after"), jsonText(change.after)}});
            else if (format == u"csv")
                csv.writeRow(
                    {change.table, kind, change.key, change.changedColumns.join(QLatin1Char(' '))});
        },
        [&](const payops::diff::DiffProgress &progress) {
            if (progress.table == current && progress.tableIndex < progress.tableCount)
                return;
            if (!current.isEmpty())
                finishTable(current);
            current = progress.tableIndex < progress.tableCount ? progress.table : QString();
        },
        interruptFlag());
    // Most first: the fields that changed in most rows, the users who lost most.
    auto top = [](const QMap<QString, qint64> &counts, int limit) {
        QVector<std::pair<QString, qint64>> items;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            items.append({it.key(), it.value()});
        std::stable_sort(items.begin(), items.end(),
                         [](const auto &a, const auto &b) { return a.second > b.second; });
        return items.mid(0, limit);
    };
    if (format == u"text") {
        context.out << "\nFields that changed in most rows:\n";
        for (const auto &[field, rows] : top(population.changedFields, 10))
            context.out << "  " << field << ": " << rows << '\n';
        context.out << "Users who lost rows (deleted, or moved to another owner): "
                    << population.usersWhoLostRows.size() << '\n';
        for (const auto &[user, rows] : top(population.usersWhoLostRows, 10))
            context.out << "  " << user << ": " << rows << '\n';
    }
    if (format == u"json") {
        QJsonObject fields, users;
        for (auto it = population.changedFields.cbegin(); it != population.changedFields.cend();
             ++it)
            fields.insert(it.key(), double(it.value()));
        for (auto it = population.usersWhoLostRows.cbegin();
             it != population.usersWhoLostRows.cend(); ++it)
            users.insert(it.key(), double(it.value()));
        QJsonObject perDay;
        for (auto table = population.perDay.cbegin(); table != population.perDay.cend(); ++table) {
            QJsonObject days;
            for (auto day = table.value().cbegin(); day != table.value().cend(); ++day) {
                QJsonObject kinds;
                for (auto kind = day.value().cbegin(); kind != day.value().cend(); ++kind)
                    kinds.insert(kind.key(), double(kind.value()));
                days.insert(day.key().isValid() ? day.key().toString(Qt::ISODate)
                                                : QStringLiteral("undated"),
                            kinds);
            }
            perDay.insert(table.key(), days);
        }
        context.out << QJsonDocument(
                           QJsonObject{
                               {QStringLiteral("format"), QStringLiteral("payops-diff/2")},
                               {QStringLiteral("backup"),
                                QJsonObject{
                                    {QStringLiteral("name"), backupName},
                                    {QStringLiteral("taken_at"),
                                     plan.backupTime.takenAt.toUTC().toString(Qt::ISODate)},
                                    {QStringLiteral("taken_at_is"), plan.backupTime.describe()}}},
                               {QStringLiteral("per_day"), perDay},
                               {QStringLiteral("schema"), schema},
                               {QStringLiteral("tables"), tableArray},
                               {QStringLiteral("fields_changed"), fields},
                               {QStringLiteral("users_who_lost_rows"), users}})
                           .toJson(QJsonDocument::Indented);
    } else if (format == u"csv")
        context.out << QString::fromUtf8(csvBuffer.data());
    return ExitOk;
}
