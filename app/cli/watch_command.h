#pragma once

#include "cli/cli_context.h"

// payops watch: the detectors on a schedule, with alerts (docs/WATCH.md).
int runWatchCommand(CliContext &context);
