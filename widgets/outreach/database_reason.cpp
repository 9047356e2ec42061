#include "database_reason.h"

namespace payops {

QString databaseReason(const QString &message)
{
    const int error = message.indexOf(QLatin1String("ERROR:"));
    if (error < 0)
        return message;
    QString reason = message.mid(error + 6).trimmed();
    if (reason.startsWith(QLatin1String("payops: ")))
        reason = reason.mid(8);
    const int state = reason.indexOf(QLatin1String(" SQLSTATE"));
    if (state >= 0)
        reason.truncate(state);
    reason = reason.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (reason.isEmpty())
        return message;
    reason[0] = reason[0].toUpper();
    if (!reason.endsWith(QLatin1Char('.')))
        reason += QLatin1Char('.');
    return reason;
}

} // namespace payops
