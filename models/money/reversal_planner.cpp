#include "money/reversal_planner.h"

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

MoneyPlan planReversals(db::Session &live, const schema::SchemaProfile &profile,
                        const QString &refundRowsSql)
{
    const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
    const schema::TableMap &refunds = profile.table(QStringLiteral("refunds"));
    if (!charges.isMapped() || !refunds.isMapped())
        throw UserError(QStringLiteral("The schema profile maps no charges or no refunds."),
                        QStringLiteral("Map both (docs/PROFILES.md) to plan reversals; nothing "
                                       "was planned."));
    const auto quoted = [](const schema::TableMap &t, const char *role) {
        return db::quoteIdent(t.column(QLatin1String(role)));
    };
    const QString currency =
        refunds.has(QStringLiteral("currency"))
            ? QStringLiteral("r.") + quoted(refunds, "currency") + QStringLiteral("::text")
            : db::sqlLiteral(refunds.fixedCurrency);
    const ResultTable rows = live.query(db::renderSql(
        db::sqlResource(QStringLiteral("money/reversible_refunds")),
        {{QStringLiteral("refund_key"), quoted(refunds, "key")},
         {QStringLiteral("refund_amount"), quoted(refunds, "amount")},
         {QStringLiteral("refund_charge"), quoted(refunds, "charge")},
         {QStringLiteral("refund_currency"), currency},
         {QStringLiteral("charge_key"), quoted(charges, "key")},
         {QStringLiteral("charge_user"), quoted(charges, "user")},
         {QStringLiteral("refunds"), db::qualifiedTable(profile.schema, refunds.table)},
         {QStringLiteral("charges"), db::qualifiedTable(profile.schema, charges.table)},
         {QStringLiteral("rows"), refundRowsSql}}));
    if (rows.rowCount() == 0)
        throw UserError(QStringLiteral("The rows given name no refund."),
                        QStringLiteral("Give rows whose \"refund\" column holds refund keys; "
                                       "nothing was planned."));
    MoneyPlan plan;
    plan.operation = QStringLiteral("reversal");
    const QString table = profile.schema + QLatin1Char('.') + refunds.table;
    for (int r = 0; r < rows.rowCount(); ++r) {
        const QString key = rows.value(r, QStringLiteral("refund_key"));
        MoneyItem item;
        item.targetTable = table;
        item.targetKey = keyJson(refunds.column(QStringLiteral("key")), key);
        item.account = rows.value(r, QStringLiteral("account"));
        item.amountMinor = rows.value(r, QStringLiteral("amount_minor")).toLongLong();
        item.currency = rows.value(r, QStringLiteral("currency")).trimmed();
        if (item.amountMinor <= 0) {
            plan.skipped.append({key, QStringLiteral("nothing_to_reverse"),
                                 QStringLiteral("the refund moved no money")});
            continue;
        }
        item.change = QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("op"), QStringLiteral("send")},
                                      {QStringLiteral("operation"), QStringLiteral("reversal")},
                                      {QStringLiteral("payment"), key},
                                      {QStringLiteral("account"), item.account},
                                      {QStringLiteral("description"),
                                       QStringLiteral("Reversal of refund %1").arg(key)}})
                .toJson(QJsonDocument::Compact));
        plan.items.append(item);
        plan.totals.add(item.currency, item.amountMinor);
        plan.accounts.insert(item.account);
    }
    return plan;
}

} // namespace payops::money
