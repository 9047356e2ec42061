#include "restore/foreign_keys.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"

#include <QMap>
#include <QSet>

#include <algorithm>

namespace payops::restore {

namespace {

// A PostgreSQL text[] as COPY and the text protocol print it: {a,b,"c d"}.
QStringList textArray(const QString &text)
{
    QString inner = text.mid(1, text.size() - 2);
    QStringList items;
    for (QString part : inner.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (part.startsWith(QLatin1Char('"')) && part.endsWith(QLatin1Char('"')))
            part =
                part.mid(1, part.size() - 2).replace(QStringLiteral("\\\""), QStringLiteral("\""));
        items << part;
    }
    return items;
}

} // namespace

QVector<ForeignKey> readForeignKeys(db::Session &session, const QString &schema)
{
    QVector<ForeignKey> keys;
    const ResultTable rows =
        session.query(db::sqlResource(QStringLiteral("restore/foreign_keys")), {schema});
    for (int r = 0; r < rows.rowCount(); ++r)
        keys.append({rows.value(r, QStringLiteral("child")),
                     rows.value(r, QStringLiteral("parent")),
                     textArray(rows.value(r, QStringLiteral("child_columns"))),
                     textArray(rows.value(r, QStringLiteral("parent_columns")))});
    return keys;
}

QStringList parentsFirst(const QStringList &tables, const QVector<ForeignKey> &keys,
                         QStringList *cycles)
{
    const QSet<QString> wanted(tables.cbegin(), tables.cend());
    QMap<QString, QSet<QString>> parentsOf; // within `tables`, self-references aside
    for (const QString &table : tables)
        parentsOf[table];
    for (const ForeignKey &key : keys)
        if (wanted.contains(key.child) && wanted.contains(key.parent) && key.child != key.parent)
            parentsOf[key.child].insert(key.parent);
    QStringList order;
    while (!parentsOf.isEmpty()) {
        QStringList ready;
        for (auto it = parentsOf.cbegin(); it != parentsOf.cend(); ++it)
            if (it.value().isEmpty())
                ready << it.key();
        if (ready.isEmpty())
            break;
        std::sort(ready.begin(), ready.end());
        for (const QString &table : ready) {
            order << table;
            parentsOf.remove(table);
            for (auto &parents : parentsOf)
                parents.remove(table);
        }
    }
    if (!parentsOf.isEmpty()) {
        const QStringList left = parentsOf.keys();
        if (cycles)
            *cycles << QStringLiteral(
                           "the foreign keys of %1 go round: they are put back in name order, "
                           "and a row whose parent comes later is a conflict")
                           .arg(left.join(QStringLiteral(", ")));
        order += left;
    }
    return order;
}

} // namespace payops::restore
