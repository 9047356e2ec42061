#pragma once

#include "cli/cli_context.h"

// payops profile draft|check: write a draft schema profile from a
// database's catalog, or check a profile against a database.
int runProfileCommand(CliContext &context);
