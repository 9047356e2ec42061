#pragma once

#include "cli/cli_context.h"

namespace payops::schema {
struct SchemaProfile;
}

// The command line's "Open case" of a finding, as the console's: the
// finding is found by a scan (the detectors read-only, as payops scan
// runs them) whose title holds --finding's words, and frozen as evidence.
//   payops case open --finding WORDS [--again]: a new case holding it; a
//     finding some case holds already is refused (its case named) unless
//     --again says a second case is meant;
//   payops case attach N --finding WORDS: onto case N's timeline (findings
//     of one incident in one case); refused when N holds it already.
// --detector NAME narrows the scan. As an operator.
int openCaseFromFinding(CliContext &context, const QCommandLineParser &parser,
                        const payops::schema::SchemaProfile &profile);
// payops case open --incident WORDS [--again]: the incident of a fresh scan
// (detect/incidents.h) whose title, or a title of one of its findings,
// holds the words: a new case with its headline, then each of its findings
// attached; refused like --finding when a case holds the headline already.
int openCaseFromIncident(CliContext &context, const QCommandLineParser &parser,
                         const payops::schema::SchemaProfile &profile);
int attachFindingToCase(CliContext &context, const QCommandLineParser &parser, qint64 caseId,
                        const payops::schema::SchemaProfile &profile);
