#pragma once

#include "core/finding.h"

#include <QMap>
#include <QString>

#include <optional>

namespace payops {

// Where a restore wizard was opened from, and what that preselects: a
// finding (its accounts, its window), the backup comparison (its backup
// and its counts per table), one user's records (that account), or a case
// (its restore batch, resumed at its current step).
struct RestoreStart
{
    std::optional<Finding> finding;
    QString backupName;                               // preselected backup; empty: the first
    QMap<QString, QMap<QString, qint64>> tableCounts; // table -> change -> rows, when compared
    QString user;                                     // one account's records
    qint64 caseId = 0;                                // resume or draft into this case
};

} // namespace payops
