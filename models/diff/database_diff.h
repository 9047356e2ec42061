#pragma once

#include "diff/backup_check.h"
#include "diff/table_differ.h"

#include <atomic>
#include <functional>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::diff {

// What a whole-database diff will compare, once the backup has passed
// every check: each table's shape and the backup's time.
struct DatabaseDiffPlan
{
    QVector<TableShape> tables;
    QHash<QString, QString> timeColumns; // table -> the column that says when a row was created
    BackupTime backupTime;
};

// Throws UserError when `schema` is missing live, in the backup or on both:
// a diff of it would compare nothing, and say nothing.
void checkSchemaOnBothSides(db::Session &live, db::Session &backup, const QString &schema);

// Checks the schema on both sides, then reads the shapes of `tables` (every keyed table of the
// schema when empty; none is refused) on both sides and checks the backup (backup_check.h). Throws
// UserError naming every missing table or column at once, or the first identity or age problem;
// nothing is compared then.
DatabaseDiffPlan planDatabaseDiff(db::Session &live, db::Session &backup,
                                  const schema::SchemaProfile &profile, QStringList tables,
                                  const BackupTime &given);

// How far a database diff has come: the table being compared (its index
// in the plan) and how far into it (0..1).
struct DiffProgress
{
    int tableIndex = 0;
    int tableCount = 0;
    QString table;
    double tableFraction = 0;
    double overall() const;
};

// Compares the plan's tables one after the other, calling onChange for
// every differing row (deleted, created, new since the backup, changed)
// and onTableDone after each table. Stops with UserError when `cancel` is
// set (from any thread).
void runDatabaseDiff(db::Session &live, db::Session &backup, const DatabaseDiffPlan &plan,
                     const std::function<void(const RowChange &)> &onChange,
                     const std::function<void(const DiffProgress &)> &onProgress = {},
                     const std::atomic_bool *cancel = nullptr);

} // namespace payops::diff
