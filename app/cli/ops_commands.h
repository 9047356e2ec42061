#pragma once

#include "cli/cli_context.h"

// payops migrate --db URI
int runMigrateCommand(CliContext &context);
// payops grant ROLE USER [--db URI --execute]
int runGrantCommand(CliContext &context);
