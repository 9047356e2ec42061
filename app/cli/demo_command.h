#pragma once

#include "cli/cli_context.h"

// payops demo start|stop|reset|status|manifest
int runDemoCommand(CliContext &context);
