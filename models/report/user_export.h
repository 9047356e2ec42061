#pragma once

#include "diff/record_values.h"

#include <QDateTime>

namespace payops::report {

// One user's records as the per-user comparison shows them, with what an
// export or a printout must say about where they came from.
struct UserReport
{
    QString user;       // the account key
    QString backupName; // the backup compared with (its name, without a password)
    QDateTime madeAt;   // when the export or printout was made
    QVector<diff::UserRecord> records;
};

// The one JSON document of a user's comparison (format
// payops-user-export/1), written by the console's Export JSON… and by
// payops diff --user --format json alike: the user, the backup, the time,
// and per record its table, key, change, changed fields with both values,
// and the whole backup and live rows.
QByteArray userReportJson(const UserReport &report);

// The records as RFC 4180 CSV with a header: table, key, change, field,
// backup, live. One line per changed field; one line with empty field
// columns per deleted, created or unchanged record. Values read as in the
// view (JSON text), so a string keeps its quotes and null stays apart from
// an empty string.
QByteArray userReportCsv(const UserReport &report);

} // namespace payops::report
