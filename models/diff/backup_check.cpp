#include "diff/backup_check.h"

#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "diff/diff_sql.h"
#include "diff/row_hash.h"
#include "schema/schema_profile.h"

#include <QHash>

namespace payops::diff {

namespace {

// How many of the oldest charges are compared as marker rows, and how many
// of those present on both sides must be the same row. Old charges are
// settled and rarely touched; a few are moved or deleted by an incident,
// which is why half is enough, while another database's charges under the
// same keys are different rows.
constexpr int kMarkerRows = 200;
constexpr int kMinimumShared = 20;

UserError notThisDatabase(const QString &why)
{
    return UserError(QStringLiteral("This backup is not a copy of the live database: %1.").arg(why),
                     QStringLiteral("Choose a backup of this database (a copy of another "
                                    "database would show its every row as a loss); nothing was "
                                    "compared."));
}

QString timeText(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

// The console's installation id, when the database has the payops schema
// and the role may read it.
QString installationId(db::Session &session)
{
    const auto rows = session.query(diffSql(QStringLiteral("installation_readable")));
    if (rows.rows.value(0).value(0) != u"t")
        return {};
    return session.query(diffSql(QStringLiteral("installation_id"))).rows.value(0).value(0);
}

void checkInstallation(db::Session &live, db::Session &backup)
{
    const QString here = installationId(live);
    const QString there = installationId(backup);
    if (!here.isEmpty() && !there.isEmpty() && here != there)
        throw notThisDatabase(
            QStringLiteral("its console installation id is %1, live's is %2").arg(there, here));
}

// The oldest charges' keys and row hashes.
QHash<QString, QString> oldestRows(db::Session &session, const TableShape &shape)
{
    QStringList order;
    for (const QString &key : shape.key)
        order << QStringLiteral("t.") + db::quoteIdent(key);
    const auto rows = session.query(
        diffSql(QStringLiteral("oldest_rows"),
                {{QStringLiteral("key_text"), keyTextExpression(shape, QStringLiteral("t"))},
                 {QStringLiteral("row_hash"), rowHashExpression(shape, QStringLiteral("t"))},
                 {QStringLiteral("table"), db::qualifiedTable(shape.schema, shape.table)},
                 {QStringLiteral("order"), order.join(QLatin1Char(','))},
                 {QStringLiteral("limit"), QString::number(kMarkerRows)}}));
    QHash<QString, QString> hashes;
    for (const auto &row : rows.rows)
        hashes.insert(row[0], row[1]);
    return hashes;
}

void checkMarkerRows(db::Session &live, db::Session &backup, const TableShape &shape)
{
    const auto here = oldestRows(live, shape);
    const auto there = oldestRows(backup, shape);
    if (here.isEmpty() || there.isEmpty())
        return; // nothing to recognise it by; the shapes were checked
    int shared = 0, same = 0;
    for (auto it = there.cbegin(); it != there.cend(); ++it) {
        const auto mine = here.constFind(it.key());
        if (mine == here.cend())
            continue;
        ++shared;
        same += mine.value() == it.value();
    }
    const int needShared = std::min<int>(kMinimumShared, std::min(here.size(), there.size()) / 2);
    if (shared < needShared || same * 2 < shared)
        throw notThisDatabase(
            QStringLiteral("of the %1 oldest rows of %2 in the backup, %3 have a key live has too, "
                           "and only %4 of those are the same row")
                .arg(there.size())
                .arg(shape.table)
                .arg(shared)
                .arg(same));
}

QDateTime newest(db::Session &session, const TableShape &shape, const QString &column)
{
    const QString value =
        session
            .query(
                diffSql(QStringLiteral("newest_time"),
                        {{QStringLiteral("column"), db::quoteIdent(column)},
                         {QStringLiteral("table"), db::qualifiedTable(shape.schema, shape.table)}}))
            .rows.value(0)
            .value(0);
    return QDateTime::fromString(value, Qt::ISODateWithMs);
}

} // namespace

QString BackupTime::describe() const
{
    if (!takenAt.isValid())
        return QStringLiteral("at an unknown time");
    switch (source) {
    case Source::Unknown:
        break;
    case Source::Entered:
        return QStringLiteral("%1 (entered)").arg(timeText(takenAt));
    case Source::Archive:
        return QStringLiteral("%1 (from the archive's header)").arg(timeText(takenAt));
    case Source::NewestRecord:
        return QStringLiteral("at or after %1 (its newest charge)").arg(timeText(takenAt));
    }
    return QStringLiteral("unknown");
}

QString newerThanBackupColumn(const QString &timeColumn, const QDateTime &takenAt,
                              QStringList &params)
{
    if (timeColumn.isEmpty() || !takenAt.isValid())
        return QStringLiteral("NULL::boolean");
    params << takenAt.toUTC().toString(Qt::ISODateWithMs);
    return QStringLiteral("t.%1 > $%2::timestamptz")
        .arg(db::quoteIdent(timeColumn))
        .arg(params.size());
}

QString creationTimeColumn(const TableShape &shape, const schema::SchemaProfile &profile)
{
    for (auto it = profile.tables.cbegin(); it != profile.tables.cend(); ++it)
        if (it.value().table == shape.table && it.value().has(QStringLiteral("time")))
            return it.value().column(QStringLiteral("time"));
    for (const ColumnShape &column : shape.columns)
        if (column.name == u"created_at" && column.category == u"D")
            return column.name;
    return {};
}

BackupTime checkBackupOfLive(db::Session &live, db::Session &backup,
                             const schema::SchemaProfile &profile, const BackupTime &given)
{
    checkInstallation(live, backup);
    if (!profile.tables.contains(QStringLiteral("charges")))
        return given;
    const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
    // A database the profile does not describe (a plain table diff without
    // --schema-profile) has no charges to recognise a copy by: its tables' shapes
    // are all there is to check.
    if (!tableExists(live, db::qualifiedTable(profile.schema, charges.table)))
        return given;
    const TableShape liveShape = readTableShape(live, profile.schema, charges.table);
    const TableShape backupShape = readTableShape(backup, profile.schema, charges.table);
    if (!shapeMismatches(liveShape, backupShape).isEmpty())
        return given; // the shape check names it
    checkMarkerRows(live, backup, liveShape);

    const QString time = charges.column(QStringLiteral("time"));
    const QDateTime liveNewest = newest(live, liveShape, time);
    const QDateTime backupNewest = newest(backup, backupShape, time);
    if (liveNewest.isValid() && backupNewest.isValid() && backupNewest > liveNewest)
        throw UserError(
            QStringLiteral("The backup is newer than live: its newest %1 row is from %2, live's "
                           "from %3.")
                .arg(charges.table, timeText(backupNewest), timeText(liveNewest)),
            QStringLiteral("Check that the live database and the backup are not swapped; nothing "
                           "was compared."));
    // A backup cannot hold rows from after it was taken (a minute of clock
    // difference allowed).
    if (given.isKnown() && backupNewest.isValid() && backupNewest > given.takenAt.addSecs(60))
        throw UserError(
            QStringLiteral("The backup holds %1 rows from %2, after the time it is said to be "
                           "taken, %3.")
                .arg(charges.table, timeText(backupNewest), given.describe()),
            QStringLiteral("Correct the backup's taken-at time, or check that this is the backup "
                           "you meant; nothing was compared."));
    if (given.isKnown() || !backupNewest.isValid())
        return given;
    return {backupNewest, BackupTime::Source::NewestRecord};
}

BackupTime requireBackupOfLive(db::Session &live, db::Session &backup,
                               const schema::SchemaProfile &profile, const BackupTime &given,
                               const QString &backupName, const QString &nothingDone)
{
    try {
        return checkBackupOfLive(live, backup, profile, given);
    } catch (const UserError &e) {
        throw UserError(
            QStringLiteral("%1 is not a backup of this database: %2").arg(backupName, e.problem()),
            QStringLiteral("Name a backup of this very database (payops diff lists what it "
                           "checks: docs/DIFF.md); %1.")
                .arg(nothingDone));
    }
}

} // namespace payops::diff
