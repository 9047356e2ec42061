#pragma once

#include "cli/cli_context.h"

namespace payops::db {
class Session;
}

// The provider options of payops batch run (--handover-dir, ...) and decide.
void addProviderOptions(QCommandLineParser &parser);
// payops batch run ID for a batch whose items go to a payment provider:
// the money executor with the adapter the options name.
int runMoneyBatch(CliContext &context, payops::db::Session &session, qint64 batch,
                  const QCommandLineParser &parser, int chunk);
// payops batch decide ID --item N (--send-again | --mark-failed) --reason TEXT
int decideAbsentItem(CliContext &context, payops::db::Session &session, qint64 batch,
                     const QCommandLineParser &parser);
// payops batch give-up ID --item N --reason TEXT: finance ends a held
// claw-back item (its person refused; the money is gone).
int giveUpHeldItem(CliContext &context, payops::db::Session &session, qint64 batch,
                   const QCommandLineParser &parser);
