#pragma once

#include "diff/table_shape.h"

#include <QDateTime>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::diff {

// When a backup was taken, and how that is known.
struct BackupTime
{
    enum class Source {
        Unknown,      // nothing said, nothing read yet
        Entered,      // the operator said so (profile, --backup-taken-at)
        Archive,      // pg_dump's own header
        NewestRecord, // the newest record it holds: the backup is at least this recent
    };
    QDateTime takenAt;
    Source source = Source::Unknown;

    bool isKnown() const { return takenAt.isValid(); }
    // "2026-04-10 00:00 UTC (entered)", for messages and reports.
    QString describe() const;
};

// Checks, before anything is compared, that the backup is an older copy of
// the very database live is (docs/DIFF.md, "Which backups are accepted"):
//   - its marker rows agree: the console's installation id where both have
//     one, and the oldest records of the charges table, which a copy of this
//     database shares and a copy of another one does not;
//   - it is older than live: its newest charge is not newer than live's, and
//     not newer than the time it was said to be taken.
// The last two need the profile's charges table; a database without one
// (a plain table diff of a database the profile does not describe) is
// checked by its tables' shapes only.
// Throws UserError naming what is wrong and what to do; nothing is changed.
// Returns the backup's time: the one given, else its newest charge's.
BackupTime checkBackupOfLive(db::Session &live, db::Session &backup,
                             const schema::SchemaProfile &profile, const BackupTime &given);

// checkBackupOfLive for a use other than a comparison (the contact details
// of deleted accounts for a roster): a refusal names the backup, says it
// is no backup of this database, and ends with `nothingDone` ("nobody was
// added").
BackupTime requireBackupOfLive(db::Session &live, db::Session &backup,
                               const schema::SchemaProfile &profile, const BackupTime &given,
                               const QString &backupName, const QString &nothingDone);

// The column that says when a table's rows were created: the schema
// profile's time column for the table, else a date/time column named
// created_at; empty when there is none.
QString creationTimeColumn(const TableShape &shape, const schema::SchemaProfile &profile);

// A select-list column saying whether row `t` was created after the
// backup was taken, asked of the server (exact, whatever the column's type
// and the session's TimeZone); NULL when either is unknown. Appends its
// parameter to `params`.
QString newerThanBackupColumn(const QString &timeColumn, const QDateTime &takenAt,
                              QStringList &params);

} // namespace payops::diff
