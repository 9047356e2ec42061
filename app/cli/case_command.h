#pragma once

#include "cli/cli_context.h"
#include "db/session_options.h"

// payops case open --title T [--severity S] | open --finding WORDS [--again] |
// attach N --finding WORDS | list | show N | note N TEXT | cost | move | dossier
int runCaseCommand(CliContext &context);

// The session of a payops case command: read-only unless it writes, named
// "payops case" in pg_stat_activity.
payops::db::SessionOptions caseSessionOptions(bool writable);
