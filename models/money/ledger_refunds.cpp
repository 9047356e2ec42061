#include "money/ledger_refunds.h"

#include "db/session.h"
#include "money/key_json.h"
#include "money/ledger_rows.h"
#include "schema/schema_profile.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::money {

MoneyPlan asLedgerRefunds(db::Session &live, const schema::SchemaProfile &profile,
                          const MoneyPlan &refunds, const QMap<QString, QString> &values)
{
    const schema::TableMap &map = profile.table(QStringLiteral("refunds"));
    // Column -> role, for the columns the plan fills itself.
    QMap<QString, QString> filled;
    for (const char *role : {"key", "charge", "amount", "currency", "time", "source"})
        if (map.has(QLatin1String(role)))
            filled.insert(map.column(QLatin1String(role)), QLatin1String(role));
    LedgerTable table(live, profile.schema, map.table, map.column(QStringLiteral("key")),
                      filled.keys(), values, QStringLiteral("--ledger-set"));
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    MoneyPlan ledger = refunds;
    for (MoneyItem &item : ledger.items) {
        const QJsonObject charge = QJsonDocument::fromJson(item.targetKey.toUtf8()).object();
        const qint64 key = table.takeNextKey();
        QMap<QString, QJsonValue> row;
        for (auto it = filled.cbegin(); it != filled.cend(); ++it) {
            const QString &role = it.value();
            if (role == u"key")
                row.insert(it.key(), key);
            else if (role == u"charge")
                row.insert(it.key(), charge.begin().value());
            else if (role == u"amount")
                row.insert(it.key(), QString::number(item.amountMinor));
            else if (role == u"currency")
                row.insert(it.key(), item.currency);
            else if (role == u"time")
                row.insert(it.key(), now);
            else if (role == u"source")
                row.insert(it.key(), values.value(it.key(), QStringLiteral("payops")));
        }
        const QJsonObject change{
            {QStringLiteral("op"), QStringLiteral("insert")},
            {QStringLiteral("row"), table.row(row)},
            {QStringLiteral("money"),
             QJsonObject{{QStringLiteral("operation"), QStringLiteral("refund")},
                         {QStringLiteral("target_table"), item.targetTable},
                         {QStringLiteral("target_key"), charge}}}};
        item.targetTable = table.qualifiedName();
        item.targetKey = keyJson(table.keyColumn(), QString::number(key));
        item.change = QString::fromUtf8(QJsonDocument(change).toJson(QJsonDocument::Compact));
    }
    return ledger;
}

} // namespace payops::money
