#pragma once

#include "cli/cli_context.h"

// payops scan DETECTOR --format json|csv|text
int runScanCommand(CliContext &context);
