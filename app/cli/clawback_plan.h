#pragma once

#include "cli/cli_context.h"

#include <QMap>

namespace payops {
struct ConnectionProfile;
}
namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

// payops money plan claw-back --payouts-of-rows SQL [--case N]: per person
// what was paid twice, what their balance still holds, so what can be
// taken back and what will be written off; with --case, drafts the
// claw-back and the write-off batches and puts the people on the case's
// roster, whose consent the claw-back waits for.
int planClawback(CliContext &context, const QCommandLineParser &parser,
                 const payops::ConnectionProfile &liveProfile, payops::db::Session &live,
                 const payops::schema::SchemaProfile &profile,
                 const QMap<QString, QString> &ledgerValues, const QString &format);
