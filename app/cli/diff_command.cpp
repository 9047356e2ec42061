#include "cli/diff_command.h"

#include "core/user_error.h"
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "diff/archive_sandbox.h"
#include "diff/population.h"
#include "diff/table_differ.h"
#include "diff/user_diff.h"
#include "items/csv_writer.h"
#include "profile/schema_profile.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QJsonValue jsonText(const QString &text)
{
    return text.isEmpty() ? QJsonValue()
                          : QJsonValue(QJsonDocument::fromJson(text.toUtf8()).object());
}

// --profile FILE, or the demo's schema profile.
payops::profile::SchemaProfile schemaProfileFrom(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("profile"))
               ? payops::profile::SchemaProfile::fromFile(parser.value(QStringLiteral("profile")))
               : payops::profile::SchemaProfile::demo();
}

// A JSON value as it reads: 29, "closed", null.
QString jsonValueText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace

// One user's records across tables: each deleted, created, changed (with
// its columns, old and new) or unchanged.
static int printUserDiff(CliContext &context, const QCommandLineParser &parser,
                         payops::db::Session &live, payops::db::Session &backup,
                         const QString &schema, const QString &format)
{
    const auto tables = payops::diff::userTablesFromProfile(live, schemaProfileFrom(parser));
    const QString user = parser.value(QStringLiteral("user"));
    const auto records = payops::diff::diffUser(live, backup, schema, tables, user);
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
                    context.out << "  " << column << ": " << jsonValueText(old.value(column))
                                << " -> " << jsonValueText(now.value(column));
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
    parser.addOption({QStringLiteral("backup"),
                      QStringLiteral("The backup to compare with, a postgresql:// URI (default: "
                                     "the demo's billing_backup)."),
                      QStringLiteral("URI")});
    parser.addOption(
        {QStringLiteral("table"),
         QStringLiteral("Only this table (repeatable; default: every table with a primary key)."),
         QStringLiteral("TABLE")});
    parser.addOption(
        {QStringLiteral("backup-archive"),
         QStringLiteral(
             "The backup as a pg_dump archive (custom, directory, tar or plain): restored "
             "into a sandbox database, compared, and dropped."),
         QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("sandbox-server"),
         QStringLiteral(
             "postgresql:// URI of the server to restore the archive on, as a user who may "
             "create databases (default: the demo's throwaway cluster)."),
         QStringLiteral("URI")});
    parser.addOption(
        {QStringLiteral("user"),
         QStringLiteral("Only this user's records, in every table that refers to the account."),
         QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("profile"),
         QStringLiteral("Schema profile naming the accounts table and user column, for --user "
                        "(default: the demo's)."),
         QStringLiteral("FILE")});
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
            exitCode))
        return exitCode;
    const QString format = parser.value(QStringLiteral("format"));
    if (format != u"json" && format != u"csv" && format != u"text") {
        context.err << "--format takes json, csv or text, not \"" << format << "\".\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("backup")) && parser.isSet(QStringLiteral("backup-archive"))) {
        context.err << "Give the backup either as a database (--backup) or as an archive "
                       "(--backup-archive), not both.\n";
        return ExitUsage;
    }
    const payops::ConnectionProfile liveProfile = context.databaseFrom(parser);
    std::unique_ptr<payops::diff::ArchiveSandbox> sandbox;
    if (parser.isSet(QStringLiteral("backup-archive")))
        sandbox = std::make_unique<payops::diff::ArchiveSandbox>(
            parser.value(QStringLiteral("backup-archive")),
            parser.isSet(QStringLiteral("sandbox-server"))
                ? parser.value(QStringLiteral("sandbox-server"))
                : payops::demo::DemoCluster().adminUri(QStringLiteral("postgres")),
            [&](const QString &line) {
                context.err << line << '\n';
                context.err.flush();
            });
    payops::ConnectionProfile backupProfile;
    if (sandbox)
        backupProfile = payops::ConnectionProfile::fromUri(sandbox->uri());
    else if (parser.isSet(QStringLiteral("backup")))
        backupProfile = payops::ConnectionProfile::fromUri(parser.value(QStringLiteral("backup")));
    else
        backupProfile = payops::ConnectionProfile::fromUri(payops::demo::DemoCluster().backupUri(),
                                                           QStringLiteral("demo"));
    payops::db::Session live(liveProfile, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops diff"));
    payops::db::Session backup(backupProfile, QString(), payops::db::SessionOptions(),
                               QStringLiteral("payops diff"));
    const QString schema = parser.value(QStringLiteral("schema"));
    if (parser.isSet(QStringLiteral("user")))
        return printUserDiff(context, parser, live, backup, schema, format);
    QStringList tables = parser.values(QStringLiteral("table"));
    if (tables.isEmpty())
        tables = payops::diff::tablesWithKeys(live, schema);

    // Every table's shape is checked on both sides before anything is compared.
    QVector<payops::diff::TableShape> shapes;
    QStringList problems;
    for (const QString &table : tables) {
        const auto liveShape = payops::diff::readTableShape(live, schema, table);
        try {
            const auto backupShape = payops::diff::readTableShape(backup, schema, table);
            problems << payops::diff::shapeMismatches(liveShape, backupShape);
        } catch (const payops::UserError &) {
            problems << QStringLiteral("the backup has no table %1.%2").arg(schema, table);
        }
        shapes << liveShape;
    }
    if (!problems.isEmpty())
        throw payops::UserError(
            QStringLiteral("The backup does not have the same tables as live: %1.")
                .arg(problems.join(QStringLiteral("; "))),
            QStringLiteral("Compare with a backup of this database, or name the tables both have "
                           "(--table); nothing was compared."));

    QJsonArray tableArray;
    QBuffer csvBuffer;
    csvBuffer.open(QIODevice::WriteOnly);
    payops::CsvWriter csv(csvBuffer);
    csv.writeRow({QStringLiteral("table"), QStringLiteral("change"), QStringLiteral("key"),
                  QStringLiteral("changed_columns")});
    // The population view: fed by every row, printed after the tables.
    const auto schemaProfile = schemaProfileFrom(parser);
    payops::diff::Population population(payops::diff::userTablesFromProfile(live, schemaProfile));
    for (const auto &shape : shapes) {
        QMap<QString, int> counts;
        QJsonArray rows;
        payops::diff::TableDiffer differ(live, backup, shape);
        differ.run([&](const payops::diff::RowChange &change) {
            const QString kind = payops::diff::kindName(change.kind);
            ++counts[kind];
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
                    {shape.table, kind, change.key, change.changedColumns.join(QLatin1Char(' '))});
        });
        if (format == u"text")
            context.out << shape.table << ": " << counts.value(QStringLiteral("deleted"))
                        << " deleted, " << counts.value(QStringLiteral("created")) << " created, "
                        << counts.value(QStringLiteral("changed")) << " changed\n";
        tableArray.append(
            QJsonObject{{QStringLiteral("table"), shape.table},
                        {QStringLiteral("deleted"), counts.value(QStringLiteral("deleted"))},
                        {QStringLiteral("created"), counts.value(QStringLiteral("created"))},
                        {QStringLiteral("changed"), counts.value(QStringLiteral("changed"))},
                        {QStringLiteral("rows"), rows}});
    }
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
        context.out << QJsonDocument(
                           QJsonObject{{QStringLiteral("format"), QStringLiteral("payops-diff/1")},
                                       {QStringLiteral("schema"), schema},
                                       {QStringLiteral("tables"), tableArray},
                                       {QStringLiteral("fields_changed"), fields},
                                       {QStringLiteral("users_who_lost_rows"), users}})
                           .toJson(QJsonDocument::Indented);
    } else if (format == u"csv")
        context.out << QString::fromUtf8(csvBuffer.data());
    return ExitOk;
}
