#pragma once

#include "cli/cli_context.h"

// payops audit verify|seal|seal-key [--db URI]
int runAuditCommand(CliContext &context);
