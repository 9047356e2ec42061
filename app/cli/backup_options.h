#pragma once

#include "cli/cli_context.h"
#include "diff/opened_backup.h"

#include <memory>

// The options that name a backup and how to open it, shared by payops diff
// and payops restore: --backup, --backup-archive, --backup-taken-at,
// --sandbox-server.
void addBackupOptions(QCommandLineParser &parser);

// After parsing: false (usage error, exit code set, message printed) when
// they contradict each other or a time does not parse.
bool checkBackupOptions(CliContext &context, const QCommandLineParser &parser, int &exitCode);

// The chosen backup, opened (an archive restored into its sandbox, with
// Ctrl-C and SIGTERM wired to stop the restore), not yet connected.
std::unique_ptr<payops::diff::OpenedBackup> openChosenBackup(CliContext &context,
                                                             const QCommandLineParser &parser);
