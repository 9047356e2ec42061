#pragma once

#include "cli/cli_context.h"

// payops allow-money --operation refund --table T --amount C [--currency C]
//                    [--refunds T --refund-of C --refund-amount C [--refund-status C]]
int runAllowMoneyCommand(CliContext &context);
