#include "money/money_batch.h"

#include "core/user_error.h"
#include "db/session.h"
#include "ops/batch_review.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::money {

namespace {

constexpr int kItemsPerStatement = 2000;

} // namespace

qint64 draftMoneyBatch(db::Session &session, qint64 caseId, const MoneyPlan &plan,
                       const QString &description, const QString &environment)
{
    if (plan.items.isEmpty())
        throw UserError(QStringLiteral("The plan moves no money."),
                        QStringLiteral("Every row was left out (see why); no batch was made."));
    const QString kind =
        plan.operation == u"claw-back" ? QStringLiteral("claw-back") : plan.operation;
    const qint64 batch = ops::createBatch(session, caseId, kind, description, environment);
    for (int start = 0; start < plan.items.size(); start += kItemsPerStatement) {
        QJsonArray items;
        for (int i = start; i < std::min<int>(start + kItemsPerStatement, plan.items.size()); ++i) {
            const MoneyItem &item = plan.items[i];
            items.append(
                QJsonObject{{QStringLiteral("target_table"), item.targetTable},
                            {QStringLiteral("target_key"), item.targetKey},
                            {QStringLiteral("amount_minor"), QString::number(item.amountMinor)},
                            {QStringLiteral("currency"), item.currency},
                            {QStringLiteral("change"),
                             QJsonDocument::fromJson(item.change.toUtf8()).object()}});
        }
        session.query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
                      {QString::number(batch),
                       QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Compact))});
    }
    return batch;
}

} // namespace payops::money
