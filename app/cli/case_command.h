#pragma once

#include "cli/cli_context.h"

// payops case open --title T [--severity S] | open --finding WORDS [--again] |
// attach N --finding WORDS | list | show N | note N TEXT | cost | move | dossier
int runCaseCommand(CliContext &context);
