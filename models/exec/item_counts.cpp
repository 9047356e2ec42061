#include "exec/item_counts.h"

#include "core/money.h"
#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"

namespace payops::exec {

QString ItemCounts::describe() const
{
    QStringList parts{QStringLiteral("%1 applied").arg(formatCount(applied)),
                      QStringLiteral("%1 conflicts").arg(formatCount(conflict))};
    if (failed > 0)
        parts << QStringLiteral("%1 failed").arg(formatCount(failed));
    if (sending > 0)
        parts << QStringLiteral("%1 sending").arg(formatCount(sending));
    if (unknown > 0)
        parts << QStringLiteral("%1 unknown").arg(formatCount(unknown));
    if (held > 0)
        parts << QStringLiteral("%1 held for consent").arg(formatCount(held));
    parts << QStringLiteral("%1 pending").arg(formatCount(pending));
    return parts.join(QStringLiteral(", "));
}

ItemCounts itemCounts(db::Session &session, qint64 batchId)
{
    ItemCounts counts;
    const ResultTable rows = session.query(db::sqlResource(QStringLiteral("exec/item_counts")),
                                           {QString::number(batchId)});
    for (const auto &row : rows.rows) {
        const qint64 n = row[1].toLongLong();
        if (row[0] == u"pending")
            counts.pending = n;
        else if (row[0] == u"applied")
            counts.applied = n;
        else if (row[0] == u"conflict")
            counts.conflict = n;
        else if (row[0] == u"failed")
            counts.failed = n;
        else if (row[0] == u"sending")
            counts.sending = n;
        else if (row[0] == u"unknown")
            counts.unknown = n;
        else if (row[0] == u"held")
            counts.held = n;
    }
    return counts;
}

} // namespace payops::exec
