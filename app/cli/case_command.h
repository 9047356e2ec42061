#pragma once

#include "cli/cli_context.h"

// payops case open --title T [--severity S] | list | show N | note N TEXT
int runCaseCommand(CliContext &context);
