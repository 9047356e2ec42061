#pragma once

#include "cli/cli_context.h"

// payops outreach export --case N --format csv|eml|calls --out DIR
// [--template FILE] [--status S] [--from "Name <address>"]
int runOutreachExportCommand(CliContext &context);
