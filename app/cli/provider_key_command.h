#pragma once

#include "cli/cli_context.h"

// payops provider-key --destination NAME --db URI: stores the key read
// from standard input in the keychain, under this database's binding.
int runProviderKeyCommand(CliContext &context);
