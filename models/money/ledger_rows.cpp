#include "money/ledger_rows.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"

namespace payops::money {

LedgerTable::LedgerTable(db::Session &live, const QString &schema, const QString &table,
                         const QString &keyColumn, const QStringList &mapped,
                         const QMap<QString, QString> &values, const QString &valuesOption)
    : m_qualified(schema + QLatin1Char('.') + table)
    , m_keyColumn(keyColumn)
    , m_values(values)
{
    const ResultTable columns =
        live.query(db::sqlResource(QStringLiteral("money/ledger_columns")), {m_qualified});
    QStringList missing;
    for (int r = 0; r < columns.rowCount(); ++r) {
        const QString name = columns.value(r, QStringLiteral("name"));
        m_columns << name;
        if (columns.value(r, QStringLiteral("not_null")) == u"t" && !mapped.contains(name) &&
            !values.contains(name))
            missing << name;
    }
    if (!missing.isEmpty())
        throw UserError(QStringLiteral("%1 needs a value for %2, which the schema profile does not "
                                       "map.")
                            .arg(m_qualified, missing.join(QStringLiteral(", "))),
                        QStringLiteral("Give each with %1 COLUMN=VALUE; nothing was planned.")
                            .arg(valuesOption));
    bool integer = false;
    m_lastKey =
        live.query(db::renderSql(db::sqlResource(QStringLiteral("money/next_key")),
                                 {{QStringLiteral("key"), db::quoteIdent(keyColumn)},
                                  {QStringLiteral("table"), db::qualifiedTable(schema, table)}}))
            .rows.value(0)
            .value(0)
            .toLongLong(&integer);
    if (!integer)
        throw UserError(QStringLiteral("%1 is not keyed by an integer: new ledger rows cannot be "
                                       "numbered.")
                            .arg(m_qualified),
                        QStringLiteral("Move the money through the provider instead; nothing was "
                                       "planned."));
}

QJsonObject LedgerTable::row(const QMap<QString, QJsonValue> &filled) const
{
    QJsonObject row;
    for (const QString &name : m_columns) {
        if (filled.contains(name))
            row.insert(name, filled.value(name));
        else
            row.insert(name,
                       m_values.contains(name) ? QJsonValue(m_values.value(name)) : QJsonValue());
    }
    return row;
}

} // namespace payops::money
