#include "diff/database_diff.h"

#include "core/user_error.h"
#include "db/session.h"
#include "diff/diff_sql.h"
#include "schema/schema_profile.h"

namespace payops::diff {

double DiffProgress::overall() const
{
    return tableCount == 0 ? 1.0 : (tableIndex + tableFraction) / tableCount;
}

namespace {

bool schemaExists(db::Session &session, const QString &schema)
{
    return session.query(diffSql(QStringLiteral("schema_exists")), {schema})
               .rows.value(0)
               .value(0) == u"t";
}

const QString kNameTheSchema =
    QStringLiteral("Name the schema that holds the tables to compare (payops diff --schema NAME, "
                   "default public; in the console, the schema profile's \"schema\"); nothing "
                   "was compared.");

} // namespace

void checkSchemaOnBothSides(db::Session &live, db::Session &backup, const QString &schema)
{
    const bool here = schemaExists(live, schema);
    const bool there = schemaExists(backup, schema);
    if (here && there)
        return;
    const QString problem =
        !here && !there ? QStringLiteral("Neither live nor the backup has a schema \"%1\".")
        : !here         ? QStringLiteral("Live has no schema \"%1\" (the backup has one).")
                        : QStringLiteral("The backup has no schema \"%1\" (live has one).");
    throw UserError(problem.arg(schema), kNameTheSchema);
}

DatabaseDiffPlan planDatabaseDiff(db::Session &live, db::Session &backup,
                                  const schema::SchemaProfile &profile, QStringList tables,
                                  const BackupTime &given)
{
    checkSchemaOnBothSides(live, backup, profile.schema);
    if (tables.isEmpty())
        tables = tablesWithKeys(live, profile.schema);
    // A schema of views or keyless tables would compare nothing either.
    if (tables.isEmpty())
        throw UserError(
            QStringLiteral("Live's schema \"%1\" has no table with a primary key, so there is "
                           "nothing to compare row by row.")
                .arg(profile.schema),
            kNameTheSchema);
    // Every table's shape is checked on both sides before anything is
    // compared, and every problem named at once.
    DatabaseDiffPlan plan;
    QStringList problems;
    for (const QString &table : tables) {
        const TableShape liveShape = readTableShape(live, profile.schema, table);
        try {
            problems << shapeMismatches(liveShape, readTableShape(backup, profile.schema, table));
        } catch (const UserError &) {
            problems << QStringLiteral("the backup has no table %1.%2").arg(profile.schema, table);
        }
        plan.tables << liveShape;
        if (const QString time = creationTimeColumn(liveShape, profile); !time.isEmpty())
            plan.timeColumns.insert(table, time);
    }
    if (!problems.isEmpty())
        throw UserError(
            QStringLiteral("The backup does not have the same tables as live: %1.")
                .arg(problems.join(QStringLiteral("; "))),
            QStringLiteral("Compare with a backup of this database. A column added, dropped or "
                           "retyped since the backup (a migration in between) means those rows "
                           "cannot be compared or put back as they are: use a backup taken after "
                           "the migration, or name only the tables both have alike (--table); "
                           "nothing was compared."));
    plan.backupTime = checkBackupOfLive(live, backup, profile, given);
    return plan;
}

void runDatabaseDiff(db::Session &live, db::Session &backup, const DatabaseDiffPlan &plan,
                     const std::function<void(const RowChange &)> &onChange,
                     const std::function<void(const DiffProgress &)> &onProgress,
                     const std::atomic_bool *cancel)
{
    DiffProgress progress;
    progress.tableCount = int(plan.tables.size());
    for (const TableShape &shape : plan.tables) {
        progress.table = shape.table;
        progress.tableFraction = 0;
        if (onProgress)
            onProgress(progress);
        TableDiffOptions options;
        options.timeColumn = plan.timeColumns.value(shape.table);
        options.takenAt = plan.backupTime.takenAt;
        options.cancel = cancel;
        if (onProgress)
            options.progress = [&](double fraction) {
                progress.tableFraction = fraction;
                onProgress(progress);
            };
        TableDiffer(live, backup, shape, options).run(onChange);
        ++progress.tableIndex;
    }
    progress.tableFraction = 0;
    if (onProgress)
        onProgress(progress);
}

} // namespace payops::diff
