#pragma once

#include "cli/cli_context.h"

// payops sandbox status|stop
int runSandboxCommand(CliContext &context);
