#pragma once

#include "cli/cli_context.h"

// payops batch show|submit|approve|reject|dry-run|run|status|revert ID
int runBatchCommand(CliContext &context);
// payops allow-writes --table T [--table T...]
int runAllowWritesCommand(CliContext &context);
