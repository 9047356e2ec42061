#pragma once

#include "cli/cli_context.h"

// payops diff --backup URI [--table T] --format json|csv|text
int runDiffCommand(CliContext &context);
