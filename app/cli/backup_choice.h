#pragma once

#include "core/backup_source.h"

#include <QCommandLineParser>

// The backup payops diff compares with: --backup-archive FILE; --backup (a
// URI, an archive's path, or the name of a backup a saved connection of
// the console names, else one of the demo's); or the demo's
// billing_backup. Throws UserError when a name is unknown or ambiguous.
payops::BackupSource chooseBackup(const QCommandLineParser &parser);
