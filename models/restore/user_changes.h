#pragma once

#include "diff/table_differ.h"

#include <QDateTime>
#include <QSet>
#include <QVector>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::restore {

class RestorePlanner;

// What a restore of chosen accounts needs to see, read for those accounts
// and for the sentinel accounts their records may be parked on, not by a
// whole-database comparison: a few statements per table whatever their
// number (user_diff.h). Only the rows that may matter to a plan.
QVector<diff::RowChange> changesOfUsers(db::Session &live, db::Session &backup,
                                        const schema::SchemaProfile &profile,
                                        const RestorePlanner &planner, const QSet<QString> &users,
                                        const QDateTime &backupTakenAt);

// The accounts whose records were parked on a sentinel account since the
// backup (incident 1's victims), read from the sentinels' records alone.
QSet<QString> ownersParkedOnSentinels(db::Session &live, db::Session &backup,
                                      const schema::SchemaProfile &profile,
                                      const RestorePlanner &planner,
                                      const QDateTime &backupTakenAt);

} // namespace payops::restore
