#include "diff/diff_sql.h"

#include "core/user_error.h"
#include "schema/sql_text.h"

#include <QFile>

namespace payops::diff {

QString diffSql(const QString &name, const QHash<QString, QString> &fragments)
{
    // Stand-in for the shared loader (diff_sql.h): reads the compiled-in file.
    QFile file(QStringLiteral(":/sql/diff/%1.sql").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(
            QStringLiteral("The comparison query %1.sql is missing from this build.").arg(name),
            QStringLiteral("Rebuild the console."));
    return schema::renderSql(QString::fromUtf8(file.readAll()).trimmed(), fragments);
}

} // namespace payops::diff
