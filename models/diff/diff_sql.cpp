#include "diff/diff_sql.h"

#include "db/sql_resource.h"
#include "db/sql_text.h"

namespace payops::diff {

QString diffSql(const QString &name, const QHash<QString, QString> &fragments)
{
    return db::renderSql(db::sqlResource(QStringLiteral("diff/") + name), fragments);
}

} // namespace payops::diff
