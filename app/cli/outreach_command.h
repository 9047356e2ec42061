#pragma once

#include "cli/cli_context.h"

// payops outreach list --case N | record --case N --account A ... [--status S]
// [--note T] [--assignee U] [--next-step T [--next-step-at ISO]]
int runOutreachCommand(CliContext &context);
