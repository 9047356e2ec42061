#pragma once

#include "cli/cli_context.h"

// payops money plan refund --charges-of-rows SQL [--case N] [--format json|text]
int runMoneyCommand(CliContext &context);
