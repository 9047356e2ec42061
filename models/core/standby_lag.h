#pragma once

#include "core/server_identity.h"

#include <QDateTime>
#include <QString>

namespace payops {

// How far the data an investigation reads is behind the primary, in
// words for the banner and in seconds for the limit. A standby shows what
// it has replayed: when its replay position has reached the primary's
// current one it is caught up, however long ago the last transaction was;
// otherwise it is behind by the age of the last transaction it replayed
// (now() - pg_last_xact_replay_timestamp()).
struct StandbyLag
{
    bool standby = false;  // the investigation server is a standby
    bool caughtUp = false; // it has replayed all the primary had written
    bool primaryKnown = false;
    qint64 seconds = 0;
    QDateTime dataUpTo; // null when the standby has replayed nothing yet

    // "on the primary", "standby caught up with the primary",
    // "standby 42 s behind the primary (data up to 2026-12-02 04:10:11 UTC)".
    QString words() const;
    // Empty when within the limit, else what is wrong and what to do.
    QString beyondLimit(int limitSeconds) const;
};

// primary: the primary's identity read just before the standby's (its
// currentLsn), or null when no primary could be reached.
StandbyLag standbyLag(const ServerIdentity &investigation, const ServerIdentity *primary);

// "16/B374D848" as a number; 0 when it is not an LSN.
quint64 lsnValue(const QString &lsn);

// "42 s", "3 min 5 s", "2 h 10 min", "4 days 3 h".
QString durationWords(qint64 seconds);

} // namespace payops
