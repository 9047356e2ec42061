#include "restore/restore_batch.h"

#include "core/user_error.h"
#include "db/session.h"
#include "ops/batch_review.h"
#include "restore/json_members.h"

namespace payops::restore {

namespace {

constexpr int kItemsPerStatement = 2000;

QString itemJson(const PlanItem &item)
{
    // By hand: the change is the plan's own JSON text, copied as it is.
    return QStringLiteral("{\"target_table\": %1, \"target_key\": %2, \"change\": %3}")
        .arg(jsonQuote(item.table), jsonQuote(item.key), item.change);
}

} // namespace

qint64 draftRestoreBatch(db::Session &session, qint64 caseId, const RestorePlan &plan,
                         const QString &description, const QString &environment)
{
    if (plan.items.isEmpty())
        throw UserError(QStringLiteral("The plan puts nothing back."),
                        QStringLiteral("Choose rows the comparison found deleted, moved or "
                                       "overwritten; no batch was made."));
    const qint64 batch = ops::createBatch(
        session, caseId,
        plan.isFieldRestoreOnly() ? QStringLiteral("field-restore") : QStringLiteral("restore"),
        description, environment);
    for (int start = 0; start < plan.items.size(); start += kItemsPerStatement) {
        QStringList items;
        for (int i = start; i < std::min<int>(start + kItemsPerStatement, plan.items.size()); ++i)
            items << itemJson(plan.items[i]);
        session.query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
                      {QString::number(batch),
                       QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']')});
    }
    return batch;
}

} // namespace payops::restore
