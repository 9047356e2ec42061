#include "money/refund_planner.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "money/key_json.h"
#include "schema/schema_profile.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace payops::money {

MoneyPlan planRefunds(db::Session &live, const schema::SchemaProfile &profile,
                      const QString &chargeRowsSql)
{
    const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
    const schema::TableMap &refunds = profile.table(QStringLiteral("refunds"));
    if (!charges.isMapped() || !refunds.isMapped())
        throw UserError(QStringLiteral("The schema profile maps no charges or no refunds."),
                        QStringLiteral("Map both (docs/PROFILES.md) to plan refunds; nothing was "
                                       "planned."));
    const auto column = [](const schema::TableMap &t, const char *role) {
        return QStringLiteral("c.") + db::quoteIdent(t.column(QLatin1String(role)));
    };
    const QStringList succeededValues = charges.values.value(QStringLiteral("succeeded_values"));
    const QString succeeded =
        charges.has(QStringLiteral("status")) && !succeededValues.isEmpty()
            ? QStringLiteral("(%1::text IN (%2))")
                  .arg(column(charges, "status"), db::sqlLiteralList(succeededValues))
            : QStringLiteral("true");
    const QString currency = charges.has(QStringLiteral("currency"))
                                 ? column(charges, "currency") + QStringLiteral("::text")
                                 : db::sqlLiteral(charges.fixedCurrency);
    const QString sql = db::renderSql(
        db::sqlResource(QStringLiteral("money/refundable_charges")),
        {{QStringLiteral("charge_key"), db::quoteIdent(charges.column(QStringLiteral("key")))},
         {QStringLiteral("charge_user"), db::quoteIdent(charges.column(QStringLiteral("user")))},
         {QStringLiteral("charge_amount"),
          db::quoteIdent(charges.column(QStringLiteral("amount")))},
         {QStringLiteral("charge_currency"), currency},
         {QStringLiteral("charge_reference"),
          charges.has(QStringLiteral("provider_reference"))
              ? column(charges, "provider_reference") + QStringLiteral("::text")
              : QStringLiteral("NULL::text")},
         {QStringLiteral("charge_succeeded"), succeeded},
         {QStringLiteral("refund_amount"),
          db::quoteIdent(refunds.column(QStringLiteral("amount")))},
         {QStringLiteral("refund_charge"),
          db::quoteIdent(refunds.column(QStringLiteral("charge")))},
         {QStringLiteral("refunds"), db::qualifiedTable(profile.schema, refunds.table)},
         {QStringLiteral("charges"), db::qualifiedTable(profile.schema, charges.table)},
         {QStringLiteral("rows"), chargeRowsSql}});
    const ResultTable rows = live.query(sql);
    if (rows.rowCount() == 0)
        throw UserError(QStringLiteral("The rows given name no charge."),
                        QStringLiteral("Give rows whose \"charge\" column holds charge keys; "
                                       "nothing was planned."));
    MoneyPlan plan;
    plan.operation = QStringLiteral("refund");
    const QString table = profile.schema + QLatin1Char('.') + charges.table;
    const QString keyColumn = charges.column(QStringLiteral("key"));
    for (int r = 0; r < rows.rowCount(); ++r) {
        const QString key = rows.value(r, QStringLiteral("charge_key"));
        const qint64 amount = rows.value(r, QStringLiteral("amount_minor")).toLongLong();
        const qint64 refundable = amount - rows.value(r, QStringLiteral("refunded")).toLongLong();
        if (rows.value(r, QStringLiteral("succeeded")) != u"t") {
            plan.skipped.append(
                {key, QStringLiteral("not_succeeded"), QStringLiteral("the charge took no money")});
            continue;
        }
        if (refundable <= 0) {
            plan.skipped.append({key, QStringLiteral("nothing_refundable"),
                                 QStringLiteral("refunded in full already")});
            continue;
        }
        MoneyItem item;
        item.targetTable = table;
        item.targetKey = keyJson(keyColumn, key);
        item.account = rows.value(r, QStringLiteral("account"));
        item.amountMinor = refundable;
        item.currency = rows.value(r, QStringLiteral("currency")).trimmed();
        const QString reference = rows.value(r, QStringLiteral("reference"));
        item.change = QString::fromUtf8(
            QJsonDocument(
                QJsonObject{{QStringLiteral("op"), QStringLiteral("send")},
                            {QStringLiteral("operation"), QStringLiteral("refund")},
                            {QStringLiteral("payment"), reference.isEmpty() ? key : reference},
                            {QStringLiteral("account"), item.account},
                            {QStringLiteral("description"),
                             QStringLiteral("Refund of charge %1").arg(key)}})
                .toJson(QJsonDocument::Compact));
        plan.items.append(item);
        plan.totals.add(item.currency, item.amountMinor);
        plan.accounts.insert(item.account);
    }
    return plan;
}

} // namespace payops::money
