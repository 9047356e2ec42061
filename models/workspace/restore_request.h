#pragma once

#include "core/backup_source.h"
#include "restore/restore_planner.h"

#include <QMetaType>

namespace payops::workspace {

// What the console asks a restore plan of: the backup to put rows back
// from and the selection, as payops restore plan takes them.
struct RestoreRequest
{
    BackupSource backup;
    restore::RestoreSelection selection;
    // The accounts whose records were parked on a sentinel account
    // (--lost-to-sentinel), added to selection.users once compared.
    bool lostToSentinel = false;
};

// One account of a finding's rows and how many of them it holds.
struct UserRows
{
    QString user;
    qint64 rows = 0;
};

} // namespace payops::workspace

Q_DECLARE_METATYPE(payops::workspace::RestoreRequest)
Q_DECLARE_METATYPE(payops::workspace::UserRows)
