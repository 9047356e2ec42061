#include "db/session_options.h"

#include <QSysInfo>

namespace payops::db {

QString operatingSystemUser()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    return user;
}

SessionOptions SessionOptions::primaryReader(const QString &purpose)
{
    SessionOptions options;
    options.server = Server::Primary;
    options.purpose = purpose;
    return options;
}

QString SessionOptions::applicationName(const QString &program) const
{
    QString name = QStringLiteral("%1 %2 (%3@%4)")
                       .arg(program, purpose, operatingSystemUser(), QSysInfo::machineHostName());
    // PostgreSQL truncates at NAMEDATALEN-1 bytes; cut on a character boundary ourselves.
    while (name.toUtf8().size() > 63)
        name.chop(1);
    return name;
}

} // namespace payops::db
