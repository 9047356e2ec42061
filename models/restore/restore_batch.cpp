#include "restore/restore_batch.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
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

// A plan that writes a table no owner registered would be refused at run
// time, after approval; say so now, with the command that fixes it.
void requireRegisteredTables(db::Session &session, const RestorePlan &plan)
{
    QStringList tables;
    for (const PlanItem &item : plan.items)
        if (!tables.contains(item.table))
            tables << item.table;
    QStringList quoted;
    for (const QString &table : tables)
        quoted << jsonQuote(table);
    const ResultTable missing =
        session.query(db::sqlResource(QStringLiteral("restore/unregistered_tables")),
                      {QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']')});
    if (missing.rowCount() == 0)
        return;
    QStringList names;
    for (const auto &row : missing.rows)
        names << row[0];
    throw UserError(
        QStringLiteral("Corrective batches may not write %1: no database owner registered it.")
            .arg(names.join(QStringLiteral(", "))),
        QStringLiteral("A database owner runs payops allow-writes --table %1 once (audited); "
                       "then plan again. No batch was made.")
            .arg(names.join(QStringLiteral(" --table "))));
}

} // namespace

qint64 draftRestoreBatch(db::Session &session, qint64 caseId, const RestorePlan &plan,
                         const QString &description, const QString &environment)
{
    if (plan.items.isEmpty())
        throw UserError(QStringLiteral("The plan puts nothing back."),
                        QStringLiteral("Choose rows the comparison found deleted, moved or "
                                       "overwritten; no batch was made."));
    requireRegisteredTables(session, plan);
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
