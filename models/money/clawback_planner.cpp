#include "money/clawback_planner.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "money/key_json.h"
#include "money/ledger_rows.h"
#include "schema/schema_profile.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::money {

namespace {

QString currencyOf(const schema::TableMap &t, const QString &alias)
{
    return t.has(QStringLiteral("currency"))
               ? alias + QLatin1Char('.') + db::quoteIdent(t.column(QStringLiteral("currency"))) +
                     QStringLiteral("::text")
               : db::sqlLiteral(t.fixedCurrency);
}

ResultTable recoverablePayouts(db::Session &live, const schema::SchemaProfile &profile,
                               const QString &payoutRowsSql)
{
    const schema::TableMap &payouts = profile.table(QStringLiteral("payouts"));
    const schema::TableMap &balances = profile.table(QStringLiteral("balances"));
    const schema::TableMap &movements = profile.table(QStringLiteral("balance_movements"));
    const auto q = [](const schema::TableMap &t, const char *role) {
        return db::quoteIdent(t.column(QLatin1String(role)));
    };
    const QStringList succeededValues = payouts.values.value(QStringLiteral("succeeded_values"));
    const QString succeeded =
        payouts.has(QStringLiteral("status")) && !succeededValues.isEmpty()
            ? QStringLiteral("%1::text IN (%2)")
                  .arg(q(payouts, "status"), db::sqlLiteralList(succeededValues))
            : QStringLiteral("true");
    return live.query(db::renderSql(
        db::sqlResource(QStringLiteral("money/recoverable_payouts")),
        {{QStringLiteral("payout_key"), q(payouts, "key")},
         {QStringLiteral("payout_user"), q(payouts, "user")},
         {QStringLiteral("payout_amount"), q(payouts, "amount")},
         {QStringLiteral("payout_time"), q(payouts, "time")},
         {QStringLiteral("payout_currency"), currencyOf(payouts, QStringLiteral("p"))},
         {QStringLiteral("payout_succeeded"), succeeded},
         {QStringLiteral("payouts"), db::qualifiedTable(profile.schema, payouts.table)},
         {QStringLiteral("balance_amount"), q(balances, "amount")},
         {QStringLiteral("balance_user"), q(balances, "user")},
         {QStringLiteral("balance_currency"), currencyOf(balances, QStringLiteral("b"))},
         {QStringLiteral("balances"), db::qualifiedTable(profile.schema, balances.table)},
         {QStringLiteral("movement_amount"), q(movements, "amount")},
         {QStringLiteral("movement_user"), q(movements, "user")},
         {QStringLiteral("movement_time"), q(movements, "time")},
         {QStringLiteral("movements"), db::qualifiedTable(profile.schema, movements.table)},
         {QStringLiteral("rows"), payoutRowsSql}}));
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

ClawbackPlan planClawbacks(db::Session &live, const schema::SchemaProfile &profile,
                           const QString &payoutRowsSql, const QMap<QString, QString> &values)
{
    const schema::TableMap &payouts = profile.table(QStringLiteral("payouts"));
    const schema::TableMap &movements = profile.table(QStringLiteral("balance_movements"));
    if (!payouts.isMapped() || !profile.table(QStringLiteral("balances")).isMapped() ||
        !movements.isMapped())
        throw UserError(QStringLiteral("The schema profile maps no payouts, balances or "
                                       "balance_movements."),
                        QStringLiteral("Map all three (docs/PROFILES.md) to plan a claw-back; "
                                       "nothing was planned."));
    const QStringList kinds = movements.values.value(QStringLiteral("clawback_values"));
    QStringList mapped = {
        movements.column(QStringLiteral("key")), movements.column(QStringLiteral("user")),
        movements.column(QStringLiteral("amount")), movements.column(QStringLiteral("time"))};
    if (movements.has(QStringLiteral("kind"))) {
        if (kinds.isEmpty())
            throw UserError(QStringLiteral("balance_movements maps \"kind\" without "
                                           "clawback_values."),
                            QStringLiteral("Say which kind a claw-back entry takes "
                                           "(docs/PROFILES.md); nothing was planned."));
        mapped << movements.column(QStringLiteral("kind"));
    }
    const ResultTable rows = recoverablePayouts(live, profile, payoutRowsSql);
    if (rows.rowCount() == 0)
        throw UserError(QStringLiteral("The rows given name no payout."),
                        QStringLiteral("Give rows whose \"payout\" column holds payout keys; "
                                       "nothing was planned."));
    LedgerTable ledger(live, profile.schema, movements.table,
                       movements.column(QStringLiteral("key")), mapped, values,
                       QStringLiteral("--ledger-set"));
    const QString payoutTable = profile.schema + QLatin1Char('.') + payouts.table;
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    ClawbackPlan plan;
    plan.recover.operation = QStringLiteral("claw-back");
    plan.writeOff.operation = QStringLiteral("write-off");
    QMap<QString, int> personIndex;
    for (int r = 0; r < rows.rowCount(); ++r) {
        const QString payout = rows.value(r, QStringLiteral("payout_key"));
        const QString account = rows.value(r, QStringLiteral("account"));
        const QString currency = rows.value(r, QStringLiteral("currency")).trimmed();
        const qint64 amount = rows.value(r, QStringLiteral("amount_minor")).toLongLong();
        if (rows.value(r, QStringLiteral("succeeded")) != u"t") {
            plan.recover.skipped.append({payout, QStringLiteral("not_succeeded"),
                                         QStringLiteral("the payout did not pay anything")});
            continue;
        }
        const QString balanceCurrency = rows.value(r, QStringLiteral("balance_currency")).trimmed();
        if (!balanceCurrency.isEmpty() && balanceCurrency != currency) {
            plan.recover.skipped.append({payout, QStringLiteral("currency_mismatch"),
                                         QStringLiteral("paid in %1, the balance is in %2")
                                             .arg(currency, balanceCurrency)});
            continue;
        }
        if (!personIndex.contains(account)) {
            personIndex.insert(account, plan.people.size());
            ClawbackPerson person;
            person.account = account;
            person.currency = currency;
            person.balanceMinor = rows.value(r, QStringLiteral("balance_minor")).toLongLong();
            person.movedOutMinor = rows.value(r, QStringLiteral("moved_out_minor")).toLongLong();
            plan.people.append(person);
        }
        ClawbackPerson &person = plan.people[personIndex.value(account)];
        const qint64 recoverable = rows.value(r, QStringLiteral("recoverable_minor")).toLongLong();
        person.duplicateMinor += amount;
        person.recoverableMinor += recoverable;
        const QJsonObject target =
            QJsonDocument::fromJson(keyJson(payouts.column(QStringLiteral("key")), payout).toUtf8())
                .object();
        const QJsonObject money{{QStringLiteral("operation"), QStringLiteral("claw-back")},
                                {QStringLiteral("target_table"), payoutTable},
                                {QStringLiteral("target_key"), target},
                                {QStringLiteral("person"), account}};
        if (recoverable > 0) {
            const qint64 key = ledger.takeNextKey();
            QMap<QString, QJsonValue> filled{
                {movements.column(QStringLiteral("key")), key},
                {movements.column(QStringLiteral("user")), account},
                {movements.column(QStringLiteral("amount")), QString::number(-recoverable)},
                {movements.column(QStringLiteral("time")), now}};
            if (movements.has(QStringLiteral("kind")))
                filled.insert(movements.column(QStringLiteral("kind")), kinds.first());
            MoneyItem item;
            item.targetTable = ledger.qualifiedName();
            item.targetKey = keyJson(ledger.keyColumn(), QString::number(key));
            item.account = account;
            item.amountMinor = recoverable;
            item.currency = currency;
            item.change = compact({{QStringLiteral("op"), QStringLiteral("insert")},
                                   {QStringLiteral("row"), ledger.row(filled)},
                                   {QStringLiteral("money"), money}});
            plan.recover.items.append(item);
            plan.recover.totals.add(currency, recoverable);
            plan.recover.accounts.insert(account);
        }
        if (amount > recoverable) {
            MoneyItem item;
            item.targetTable = payoutTable;
            item.targetKey = keyJson(payouts.column(QStringLiteral("key")), payout);
            item.account = account;
            item.amountMinor = amount - recoverable;
            item.currency = currency;
            item.change =
                compact({{QStringLiteral("op"), QStringLiteral("record")},
                         {QStringLiteral("write_off"),
                          QStringLiteral("what the balance no longer holds of duplicate payout %1")
                              .arg(payout)},
                         {QStringLiteral("money"), money}});
            plan.writeOff.items.append(item);
            plan.writeOff.totals.add(currency, amount - recoverable);
            plan.writeOff.accounts.insert(account);
        }
    }
    return plan;
}

} // namespace payops::money
