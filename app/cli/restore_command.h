#pragma once

#include "cli/cli_context.h"

// payops restore plan ... | payops restore verify ID
int runRestoreCommand(CliContext &context);
