#pragma once

#include "diff/table_differ.h"
#include "diff/user_diff.h"

#include <QHash>
#include <QMap>

namespace payops::diff {

// The whole population's changes since a backup, folded from a diff's
// rows as they stream past: per table how many rows were deleted, created
// and changed; which fields changed most; and which users lost rows (their
// account deleted, their rows deleted, or their rows moved to another
// owner).
class Population
{
public:
    // userColumns: table -> the column that holds the account's key.
    explicit Population(const QVector<UserTable> &userTables);

    void add(const RowChange &change);

    QMap<QString, QMap<QString, qint64>> counts; // table -> change -> rows
    QMap<QString, qint64> changedFields;         // "table.column" -> rows
    QMap<QString, qint64> usersWhoLostRows;      // account key -> rows lost

private:
    QHash<QString, QString> m_userColumn; // direct user tables only
};

} // namespace payops::diff
