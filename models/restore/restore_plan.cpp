#include "restore/restore_plan.h"

namespace payops::restore {

QVector<std::pair<QString, qint64>> RestorePlan::itemsPerTable() const
{
    QVector<std::pair<QString, qint64>> counts;
    for (const PlanItem &item : items) {
        if (counts.isEmpty() || counts.last().first != item.table)
            counts.append({item.table, 0});
        ++counts.last().second;
    }
    return counts;
}

QMap<QString, qint64> RestorePlan::conflictsPerReason() const
{
    QMap<QString, qint64> counts;
    for (const PlanConflict &conflict : conflicts)
        ++counts[conflict.reason];
    return counts;
}

QMap<QString, qint64> RestorePlan::unresolvedPerTable() const
{
    QMap<QString, qint64> counts;
    for (const UnresolvedRow &row : unresolved)
        ++counts[row.table];
    return counts;
}

QString RestorePlan::summary() const
{
    qint64 inserts = 0;
    qint64 updates = 0;
    for (const PlanItem &item : items)
        ++(item.kind == PlanItem::Kind::Insert ? inserts : updates);
    QStringList parts;
    parts << QStringLiteral("%1 rows put back").arg(formatCount(inserts));
    parts << QStringLiteral("%1 rows given back their values").arg(formatCount(updates));
    parts << QStringLiteral("%1 conflicts left alone").arg(formatCount(conflicts.size()));
    if (!unresolved.isEmpty())
        parts << QStringLiteral("%1 rows the backup cannot attribute")
                     .arg(formatCount(unresolved.size()));
    if (changedBeforeIncident > 0)
        parts << QStringLiteral("%1 rows changed before the incident left alone")
                     .arg(formatCount(changedBeforeIncident));
    parts << QStringLiteral("%1 users").arg(formatCount(users.size()));
    return parts.join(QStringLiteral(", "));
}

QString RestorePlan::description(const QString &backupName) const
{
    QString text = QStringLiteral("Restore from %1: %2.").arg(backupName, summary());
    if (!money.isEmpty())
        text += QStringLiteral(" Money in the rows put back or given back to their owners: %1.")
                    .arg(money.toDisplayString());
    return text.left(2000);
}

bool RestorePlan::isFieldRestoreOnly() const
{
    for (const PlanItem &item : items)
        if (item.kind == PlanItem::Kind::Insert)
            return false;
    return !items.isEmpty();
}

} // namespace payops::restore
