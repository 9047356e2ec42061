#pragma once

#include "diff/table_differ.h"
#include "diff/user_diff.h"

#include <QDate>
#include <QHash>
#include <QMap>

namespace payops::diff {

// The whole population's changes since a backup, folded from a diff's
// rows as they stream past: per table (and per day of the rows' own time
// column) how many rows were deleted, created, new and changed; which
// fields changed most; and which users lost rows (their account deleted,
// their rows deleted, or their rows moved to another owner).
class Population
{
public:
    // userColumns: table -> the column that holds the account's key.
    // timeColumns: table -> the column that dates its rows (per-day counts).
    explicit Population(const QVector<UserTable> &userTables,
                        const QHash<QString, QString> &timeColumns = {});

    void add(const RowChange &change);

    QMap<QString, QMap<QString, qint64>> counts; // table -> change -> rows
    // table -> day (UTC) of the row's time -> change -> rows. The day of
    // the row, not of the change: a diff cannot know when a row was
    // deleted, only what date the row carries (a deleted row: its date in
    // the backup).
    QMap<QString, QMap<QDate, QMap<QString, qint64>>> perDay;
    QMap<QString, qint64> changedFields;    // "table.column" -> rows
    QMap<QString, qint64> usersWhoLostRows; // account key -> rows lost

    // Evidence for the findings, the first kListed of each: the changed
    // rows of each field with old and new value, and the rows only live
    // that are not dated after the backup.
    static constexpr int kListed = 10000;
    struct ChangedValue
    {
        QString key;
        QString before; // JSON text of the value: 29, "closed", null
        QString after;
    };
    QMap<QString, QVector<ChangedValue>> changedValues; // "table.column" -> changes
    QMap<QString, QStringList> createdKeys;             // table -> keys

private:
    QHash<QString, QString> m_userColumn; // direct user tables only
    QHash<QString, QString> m_timeColumn;
};

} // namespace payops::diff
