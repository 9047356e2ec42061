#pragma once

#include "core/backup_source.h"
#include "core/finding.h"
#include "diff/backup_check.h"
#include "pgtools/sandbox_server.h"

#include <QDate>
#include <QMap>

#include <atomic>
#include <functional>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::diff {

// What a whole-database comparison with one backup found, for the console:
// counts per table and per day, and the findings the population implies.
struct BackupDiffSummary
{
    QString backupName;
    BackupTime backupTime;
    QMap<QString, QMap<QString, qint64>> counts;              // table -> change -> rows
    QMap<QString, QMap<QDate, QMap<QString, qint64>>> perDay; // table -> day -> change -> rows
    QVector<Finding> findings;
};

// Compares live with `backup`, whole: an archive is first restored into a
// sandbox on `sandbox` (and dropped afterwards, whatever happens),
// the backup is checked (backup_check.h), every keyed table is diffed and
// the population folded into findings (OpenedBackup, then
// BackupComparison, as payops diff does). progress: percent and a sentence.
// backupPassword: the password of a backup database, from the keychain
// (its location is saved without it); empty: the location's own, or
// PGPASSWORD / ~/.pgpass. Throws UserError on bad input, a lost connection
// or a cancel; nothing is ever written to live or to the backup.
BackupDiffSummary runBackupDiff(db::Session &live, const BackupSource &backup,
                                const schema::SchemaProfile &profile,
                                const pgtools::SandboxServer &sandbox,
                                const std::function<void(int, const QString &)> &progress,
                                const std::atomic_bool *cancel,
                                const QString &backupPassword = QString());

} // namespace payops::diff

#include <QMetaType>
Q_DECLARE_METATYPE(payops::diff::BackupDiffSummary)
