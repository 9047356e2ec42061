#include "money/ledger_refunds.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "money/key_json.h"
#include "schema/schema_profile.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::money {

MoneyPlan asLedgerRefunds(db::Session &live, const schema::SchemaProfile &profile,
                          const MoneyPlan &refunds, const QMap<QString, QString> &values)
{
    const schema::TableMap &map = profile.table(QStringLiteral("refunds"));
    const QString table = profile.schema + QLatin1Char('.') + map.table;
    const QString keyColumn = map.column(QStringLiteral("key"));
    // Role -> column, for the columns the plan fills itself.
    QMap<QString, QString> filled;
    for (const char *role : {"key", "charge", "amount", "currency", "time", "source"})
        if (map.has(QLatin1String(role)))
            filled.insert(map.column(QLatin1String(role)), QLatin1String(role));
    const ResultTable columns =
        live.query(db::sqlResource(QStringLiteral("money/ledger_columns")), {table});
    QStringList missing;
    for (int r = 0; r < columns.rowCount(); ++r) {
        const QString name = columns.value(r, QStringLiteral("name"));
        if (columns.value(r, QStringLiteral("not_null")) == u"t" && !filled.contains(name) &&
            !values.contains(name))
            missing << name;
    }
    if (!missing.isEmpty())
        throw UserError(QStringLiteral("%1 needs a value for %2, which the schema profile does not "
                                       "map.")
                            .arg(table, missing.join(QStringLiteral(", "))),
                        QStringLiteral("Give each with --ledger-set COLUMN=VALUE; nothing was "
                                       "planned."));
    bool integer = false;
    qint64 next = live.query(db::renderSql(db::sqlResource(QStringLiteral("money/next_key")),
                                           {{QStringLiteral("key"), db::quoteIdent(keyColumn)},
                                            {QStringLiteral("table"),
                                             db::qualifiedTable(profile.schema, map.table)}}))
                      .rows.value(0)
                      .value(0)
                      .toLongLong(&integer);
    if (!integer)
        throw UserError(
            QStringLiteral("%1 is not keyed by an integer: new ledger rows cannot be "
                           "numbered.")
                .arg(table),
            QStringLiteral("Refund through the provider instead; nothing was planned."));
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    MoneyPlan ledger = refunds;
    for (MoneyItem &item : ledger.items) {
        const QJsonObject charge = QJsonDocument::fromJson(item.targetKey.toUtf8()).object();
        QJsonObject row;
        ++next;
        for (int r = 0; r < columns.rowCount(); ++r) {
            const QString name = columns.value(r, QStringLiteral("name"));
            const QString role = filled.value(name);
            if (role == u"key")
                row.insert(name, next);
            else if (role == u"charge")
                row.insert(name, charge.begin().value());
            else if (role == u"amount")
                row.insert(name, QString::number(item.amountMinor));
            else if (role == u"currency")
                row.insert(name, item.currency);
            else if (role == u"time")
                row.insert(name, now);
            else if (role == u"source")
                row.insert(name, values.value(name, QStringLiteral("payops")));
            else
                row.insert(name,
                           values.contains(name) ? QJsonValue(values.value(name)) : QJsonValue());
        }
        const QJsonObject change{
            {QStringLiteral("op"), QStringLiteral("insert")},
            {QStringLiteral("row"), row},
            {QStringLiteral("money"),
             QJsonObject{{QStringLiteral("operation"), QStringLiteral("refund")},
                         {QStringLiteral("target_table"), item.targetTable},
                         {QStringLiteral("target_key"), charge}}}};
        item.targetTable = table;
        item.targetKey = keyJson(keyColumn, QString::number(next));
        item.change = QString::fromUtf8(QJsonDocument(change).toJson(QJsonDocument::Compact));
    }
    return ledger;
}

} // namespace payops::money
