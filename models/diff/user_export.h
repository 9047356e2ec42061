#pragma once

#include "diff/user_diff.h"

#include <QDateTime>
#include <QJsonValue>

namespace payops::diff {

// One user's records as the per-user view shows them, with what an export
// or a printout must say about where they came from.
struct UserReport
{
    QString user;       // the account key
    QString backupName; // the backup compared with (its database name)
    QDateTime madeAt;   // when the export or printout was made
    QVector<UserRecord> records;
};

// deleted, created, changed or same.
QString changeName(const UserRecord &record);

// One changed field of a changed record: its value in the backup and live.
struct FieldChange
{
    QString column;
    QJsonValue backup;
    QJsonValue live;
};
QVector<FieldChange> fieldChanges(const UserRecord &record);

// A JSON value as it reads in the view: 29, "closed", null.
QString jsonValueText(const QJsonValue &value);

// The records as one JSON object (format payops-user-export/1): the user,
// the backup, the time, and per record its table, key, change, changed
// fields with both values, and the whole backup and live rows.
QByteArray userReportJson(const UserReport &report);

// The records as RFC 4180 CSV with a header: table, key, change, field,
// backup, live. One line per changed field; one line with empty field
// columns per deleted, created or unchanged record. Values read as in the
// view (JSON text), so a string keeps its quotes and null stays apart from
// an empty string.
QByteArray userReportCsv(const UserReport &report);

} // namespace payops::diff
