#include "money/money_batch.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "ops/batch_review.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace payops::money {

namespace {

constexpr int kItemsPerStatement = 2000;

} // namespace

qint64 draftMoneyBatch(db::Session &session, qint64 caseId, const MoneyPlan &plan,
                       const QString &description, const QString &environment,
                       const QString &destination)
{
    if (plan.items.isEmpty())
        throw UserError(QStringLiteral("The plan moves no money."),
                        QStringLiteral("Every row was left out (see why); no batch was made."));
    const bool sends = std::any_of(plan.items.cbegin(), plan.items.cend(), [](const MoneyItem &i) {
        return QJsonDocument::fromJson(i.change.toUtf8())
                   .object()
                   .value(QStringLiteral("op"))
                   .toString() == u"send";
    });
    if (sends) {
        // Where the money goes is approved with the items: each names it.
        const ResultTable known =
            session.query(db::sqlResource(QStringLiteral("exec/money_destination")), {destination});
        if (destination.isEmpty() || known.value(0, QStringLiteral("name")).isEmpty())
            throw UserError(
                destination.isEmpty()
                    ? QStringLiteral("A batch sent to a provider names its destination.")
                    : QStringLiteral("No money destination \"%1\" is registered on this "
                                     "database.")
                          .arg(destination),
                known.value(0, QStringLiteral("names")).isEmpty()
                    ? QStringLiteral("A database owner registers one with payops allow-money "
                                     "--destination; no batch was made.")
                    : QStringLiteral("Give --destination NAME, one of: %1; no batch was made.")
                          .arg(known.value(0, QStringLiteral("names"))));
    }
    const qint64 batch =
        ops::createBatch(session, caseId, plan.operation, description, environment);
    for (int start = 0; start < plan.items.size(); start += kItemsPerStatement) {
        QJsonArray items;
        for (int i = start; i < std::min<int>(start + kItemsPerStatement, plan.items.size()); ++i) {
            const MoneyItem &item = plan.items[i];
            QJsonObject change = QJsonDocument::fromJson(item.change.toUtf8()).object();
            if (change.value(QStringLiteral("op")).toString() == u"send")
                change.insert(QStringLiteral("destination"), destination);
            items.append(
                QJsonObject{{QStringLiteral("target_table"), item.targetTable},
                            {QStringLiteral("target_key"), item.targetKey},
                            {QStringLiteral("amount_minor"), QString::number(item.amountMinor)},
                            {QStringLiteral("currency"), item.currency},
                            {QStringLiteral("change"), change}});
        }
        session.query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
                      {QString::number(batch),
                       QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Compact))});
    }
    return batch;
}

} // namespace payops::money
