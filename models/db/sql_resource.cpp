#include "db/sql_resource.h"

#include "core/user_error.h"

#include <QFile>

namespace payops::db {

QString sqlResourceRoot()
{
    return QStringLiteral(":/sql");
}

QString sqlResource(const QString &path)
{
    QFile file(sqlResourceRoot() + QLatin1Char('/') + path + QStringLiteral(".sql"));
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(
            QStringLiteral("The SQL file sql/%1.sql is missing from this build.").arg(path),
            QStringLiteral("Rebuild the console."));
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace payops::db
