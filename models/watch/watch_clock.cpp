#include "watch/watch_clock.h"

#include <QTimeZone>

namespace payops::watch {

QDateTime watchNow()
{
    const QByteArray fixed = qgetenv("PAYOPS_WATCH_NOW");
    if (!fixed.isEmpty()) {
        QDateTime time = QDateTime::fromString(QString::fromUtf8(fixed), Qt::ISODate);
        if (time.isValid())
            return time.toUTC();
    }
    return QDateTime::currentDateTimeUtc();
}

int minimumIntervalSeconds()
{
    bool ok = false;
    const int seconds = qEnvironmentVariableIntValue("PAYOPS_WATCH_MIN_SECONDS", &ok);
    return ok && seconds > 0 ? seconds : 60;
}

} // namespace payops::watch
