#pragma once

#include "cli/cli_context.h"

#include <QCommandLineParser>

// payops case checks N / check N: a case's re-check list, and ticking an
// account of it off (migration 008).
void addCaseCheckOptions(QCommandLineParser &parser);
int listCaseChecks(CliContext &context, const QCommandLineParser &parser, qint64 caseId);
int tickCaseCheck(CliContext &context, const QCommandLineParser &parser, qint64 caseId);
