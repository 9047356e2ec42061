#include "ops/watch_queries.h"

#include "db/sql_resource.h"

namespace payops::ops {

QString watchStatusSql()
{
    return db::sqlResource(QStringLiteral("ops/watch_status"));
}

QString watchAlertsSql()
{
    return db::sqlResource(QStringLiteral("ops/watch_alerts"));
}

QString openHighAlertsSql()
{
    return db::sqlResource(QStringLiteral("ops/watch_open_high"));
}

} // namespace payops::ops
