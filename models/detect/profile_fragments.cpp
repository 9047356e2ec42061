#include "detect/profile_fragments.h"

#include "db/sql_text.h"

namespace payops::detect {

using db::quoteIdent;
using db::sqlLiteral;

QString currencyExpression(const QString &alias, const QString &column, const QString &fixed)
{
    if (!column.isEmpty())
        return alias + QLatin1Char('.') + quoteIdent(column) + QStringLiteral("::text");
    if (!fixed.isEmpty())
        return sqlLiteral(fixed) + QStringLiteral("::text");
    return QStringLiteral("NULL::text");
}

QHash<QString, QString> entityFragments(const schema::SchemaProfile &profile, const QString &entity,
                                        const QString &prefix, const QString &alias)
{
    const schema::TableMap &map = profile.table(entity);
    QHash<QString, QString> f;
    f.insert(prefix + QStringLiteral("_table"), db::qualifiedTable(profile.schema, map.table));
    for (auto it = map.columns.cbegin(); it != map.columns.cend(); ++it)
        f.insert(prefix + QLatin1Char('_') + it.key(), quoteIdent(it.value()));
    f.insert(prefix + QStringLiteral("_currency"),
             currencyExpression(alias, map.column(QStringLiteral("currency")), map.fixedCurrency));
    f.insert(prefix + QStringLiteral("_amount"),
             map.has(QStringLiteral("amount"))
                 ? alias + QLatin1Char('.') + quoteIdent(map.column(QStringLiteral("amount")))
                 : QStringLiteral("NULL::bigint"));
    return f;
}

QHash<QString, QString> recordFragments(const schema::SchemaProfile &profile, const QString &entity,
                                        const QString &prefix, const QString &alias,
                                        const ScanOptions &options)
{
    const schema::TableMap &map = profile.table(entity);
    QHash<QString, QString> f = entityFragments(profile, entity, prefix, alias);
    f.insert(entity, f.value(prefix + QStringLiteral("_table")));
    f.insert(prefix + QStringLiteral("_amount"), quoteIdent(map.column(QStringLiteral("amount"))));
    f.insert(
        prefix + QStringLiteral("_succeeded"),
        valueCondition(map, alias, QStringLiteral("status"), QStringLiteral("succeeded_values")));
    f.insert(windowFragments(options));
    return f;
}

QHash<QString, QString> windowFragments(const ScanOptions &options)
{
    return {{QStringLiteral("since"), db::timeLiteral(options.since)},
            {QStringLiteral("until"), db::untilLiteral(options.until)}};
}

QString windowCondition(const QString &alias, const QString &column, const ScanOptions &options)
{
    if (!options.since.isValid() && !options.until.isValid())
        return QStringLiteral("true");
    return QStringLiteral("%1.%2 >= %3 AND %1.%2 < %4")
        .arg(alias, quoteIdent(column), db::timeLiteral(options.since),
             db::untilLiteral(options.until));
}

QString valueCondition(const schema::TableMap &map, const QString &alias, const QString &role,
                       const QString &valuesKey)
{
    if (!map.has(role) || map.values.value(valuesKey).isEmpty())
        return QStringLiteral("true");
    return alias + QLatin1Char('.') + quoteIdent(map.column(role)) + QStringLiteral("::text IN (") +
           db::sqlLiteralList(map.values.value(valuesKey)) + QLatin1Char(')');
}

QHash<QString, QString> accountFragments(const schema::SchemaProfile &profile)
{
    const schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    auto column = [&](const QString &role) {
        return QStringLiteral("a.") + quoteIdent(accounts.column(role));
    };
    QHash<QString, QString> f;
    f.insert(QStringLiteral("accounts"), db::qualifiedTable(profile.schema, accounts.table));
    f.insert(QStringLiteral("account_key"), quoteIdent(accounts.column(QStringLiteral("key"))));

    // Closed means a closed status value or a soft delete; when it happened
    // is the closed_at column, else the soft delete time.
    QStringList closed;
    if (accounts.values.contains(QStringLiteral("closed_values")))
        closed << valueCondition(accounts, QStringLiteral("a"), QStringLiteral("status"),
                                 QStringLiteral("closed_values"));
    if (accounts.has(QStringLiteral("soft_delete")))
        closed << column(QStringLiteral("soft_delete")) + QStringLiteral(" IS NOT NULL");
    f.insert(QStringLiteral("account_closed"),
             closed.isEmpty()
                 ? QStringLiteral("false")
                 : QLatin1Char('(') + closed.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    QStringList closedAt;
    if (accounts.has(QStringLiteral("closed_at")))
        closedAt << column(QStringLiteral("closed_at"));
    if (accounts.has(QStringLiteral("soft_delete")))
        closedAt << column(QStringLiteral("soft_delete"));
    f.insert(QStringLiteral("account_closed_at"),
             closedAt.isEmpty()
                 ? QStringLiteral("timestamptz '-infinity'")
                 : QStringLiteral("coalesce(") + closedAt.join(QStringLiteral(", ")) +
                       QStringLiteral(", timestamptz '-infinity')"));
    QStringList state;
    if (accounts.has(QStringLiteral("status")))
        state << column(QStringLiteral("status")) + QStringLiteral("::text");
    if (accounts.has(QStringLiteral("soft_delete")))
        state << QStringLiteral("CASE WHEN %1 IS NOT NULL THEN 'deleted' END")
                     .arg(column(QStringLiteral("soft_delete")));
    f.insert(QStringLiteral("account_state"),
             state.isEmpty() ? QStringLiteral("NULL::text")
                             : QStringLiteral("coalesce(") + state.join(QStringLiteral(", ")) +
                                   QStringLiteral(", 'closed')"));
    f.insert(QStringLiteral("is_sentinel"),
             accounts.has(QStringLiteral("sentinel_flag"))
                 ? QStringLiteral("%1 IS TRUE") // estimable from the column's statistics
                       .arg(column(QStringLiteral("sentinel_flag")))
                 : QStringLiteral("false"));
    f.insert(QStringLiteral("is_deleted"),
             accounts.has(QStringLiteral("soft_delete"))
                 ? column(QStringLiteral("soft_delete")) + QStringLiteral(" IS NOT NULL")
                 : QStringLiteral("false"));
    f.insert(QStringLiteral("account_deleted_at"), accounts.has(QStringLiteral("soft_delete"))
                                                       ? column(QStringLiteral("soft_delete"))
                                                       : QStringLiteral("timestamptz '-infinity'"));
    f.insert(QStringLiteral("account_email"),
             accounts.has(QStringLiteral("email"))
                 ? column(QStringLiteral("email")) + QStringLiteral("::text")
                 : QStringLiteral("NULL::text"));
    f.insert(QStringLiteral("account_name"),
             accounts.has(QStringLiteral("name"))
                 ? column(QStringLiteral("name")) + QStringLiteral("::text")
                 : QStringLiteral("NULL::text"));
    return f;
}

QString dimensionValueCondition(const QString &alias, const QString &column, const QString &value)
{
    const QString qualified = alias + QLatin1Char('.') + db::quoteIdent(column);
    return value == noValueWord()
               ? qualified + QStringLiteral(" IS NULL")
               : QStringLiteral("%1::text = %2").arg(qualified, db::sqlLiteral(value));
}

} // namespace payops::detect
