#include "detect/sql_resource.h"

#include "core/user_error.h"

#include <QFile>

namespace payops::detect {

QString sqlResource(const QString &name)
{
    QFile file(QStringLiteral(":/sql/detect/%1.sql").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(
            QStringLiteral("The detector query %1.sql is missing from this build.").arg(name),
            QStringLiteral("Rebuild the console."));
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace payops::detect
