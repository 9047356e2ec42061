#include "core/standby_lag.h"

namespace payops {

quint64 lsnValue(const QString &lsn)
{
    const int slash = lsn.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return 0;
    bool highOk = false, lowOk = false;
    const quint64 high = lsn.left(slash).toULongLong(&highOk, 16);
    const quint64 low = lsn.mid(slash + 1).toULongLong(&lowOk, 16);
    return highOk && lowOk ? (high << 32) | low : 0;
}

QString durationWords(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    if (seconds < 86400)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    const qint64 days = seconds / 86400;
    return QStringLiteral("%1 %2 %3 h")
        .arg(days)
        .arg(days == 1 ? QStringLiteral("day") : QStringLiteral("days"))
        .arg(seconds % 86400 / 3600);
}

StandbyLag standbyLag(const ServerIdentity &investigation, const ServerIdentity *primary)
{
    StandbyLag lag;
    lag.standby = investigation.isStandby;
    lag.primaryKnown = primary != nullptr;
    if (!lag.standby) {
        lag.caughtUp = true;
        lag.dataUpTo = investigation.serverNow;
        return lag;
    }
    const quint64 replayed = lsnValue(investigation.replayLsn);
    if (primary && replayed > 0 && replayed >= lsnValue(primary->currentLsn)) {
        lag.caughtUp = true;
        lag.dataUpTo = primary->serverNow; // what the primary had when it was asked
        return lag;
    }
    lag.dataUpTo = investigation.lastReplayedAt;
    if (lag.dataUpTo.isValid() && investigation.serverNow.isValid())
        lag.seconds = std::max<qint64>(0, lag.dataUpTo.secsTo(investigation.serverNow));
    return lag;
}

QString StandbyLag::words() const
{
    if (!standby)
        return QStringLiteral("on the primary");
    if (caughtUp)
        return QStringLiteral("standby, caught up with the primary");
    if (!dataUpTo.isValid())
        return QStringLiteral("standby that has replayed no transaction yet");
    const QString upTo = dataUpTo.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    return primaryKnown
               ? QStringLiteral("standby %1 behind the primary (data up to %2)")
                     .arg(durationWords(seconds), upTo)
               : QStringLiteral("standby whose last replayed change is %1 old (data up to %2; "
                                "the primary could not be asked how far it is)")
                     .arg(durationWords(seconds), upTo);
}

QString StandbyLag::beyondLimit(int limitSeconds) const
{
    if (!standby || caughtUp)
        return {};
    if (!dataUpTo.isValid())
        return QStringLiteral("The standby has replayed no transaction yet, so what it would show "
                              "is not the billing data as it is now. Wait until it has caught up, "
                              "or investigate on the primary.");
    if (seconds <= limitSeconds)
        return {};
    return QStringLiteral("The standby is %1 behind (its data ends at %2), more than the %3 this "
                          "connection allows: what happened since would be missing from every "
                          "finding. Wait until it catches up, raise the limit (--max-lag, or "
                          "Standby lag limit in the connection settings), or investigate on the "
                          "primary.")
        .arg(durationWords(seconds),
             dataUpTo.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
             durationWords(limitSeconds));
}

} // namespace payops
