#include "restore/restore_verify.h"

#include "core/money.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "diff/table_shape.h"
#include "restore/json_members.h"
#include "restore/rows_by_key.h"

#include <QMap>

namespace payops::restore {

namespace {

constexpr int kListed = 50;

struct AppliedItem
{
    QString key;
    QString effect;
    QStringList setColumns;
};

} // namespace

QString VerifyReport::summary() const
{
    if (checked == 0)
        return QStringLiteral("Nothing to verify: the batch applied no item.");
    if (differingCount == 0)
        return QStringLiteral("All %1 rows the restore wrote now equal the backup.")
            .arg(formatCount(checked));
    return QStringLiteral("%1 of %2 rows the restore wrote differ from the backup.")
        .arg(formatCount(differingCount), formatCount(checked));
}

VerifyReport verifyRestore(db::Session &live, db::Session &backup, qint64 batchId)
{
    const ResultTable items = live.query(db::sqlResource(QStringLiteral("restore/applied_items")),
                                         {QString::number(batchId)});
    QMap<QString, QVector<AppliedItem>> perTable;
    for (int r = 0; r < items.rowCount(); ++r)
        perTable[items.value(r, QStringLiteral("target_table"))].append(
            {items.value(r, QStringLiteral("target_key")), items.value(r, QStringLiteral("effect")),
             items.value(r, QStringLiteral("set_columns"))
                 .split(QLatin1Char(','), Qt::SkipEmptyParts)});
    VerifyReport report;
    for (auto it = perTable.cbegin(); it != perTable.cend(); ++it) {
        const ResultTable name =
            live.query(db::sqlResource(QStringLiteral("restore/table_name")), {it.key()});
        if (name.rowCount() == 0)
            throw UserError(QStringLiteral("The table %1 the batch wrote is gone.").arg(it.key()),
                            QStringLiteral("Nothing can be verified for it."));
        const diff::TableShape shape =
            diff::readTableShape(live, name.value(0, QStringLiteral("schema_name")),
                                 name.value(0, QStringLiteral("table_name")));
        QStringList keys;
        for (const AppliedItem &item : it.value())
            keys << item.key;
        const auto nowLive = rowsPresent(live, shape, shape.key, keys);
        const auto inBackup = rowsPresent(backup, shape, shape.key, keys);
        for (int i = 0; i < keys.size(); ++i) {
            const AppliedItem &item = it.value()[i];
            ++report.checked;
            QString problem;
            const QString liveRow = nowLive.value(i + 1).second;
            const QString backupRow = inBackup.value(i + 1).second;
            if (liveRow.isEmpty())
                problem = QStringLiteral("not live");
            else if (backupRow.isEmpty())
                problem = QStringLiteral("not in the backup");
            else if (item.effect == u"inserted" && liveRow != backupRow)
                problem = QStringLiteral("differs from its backup row");
            else
                for (const QString &column : item.setColumns)
                    if (jsonMember(liveRow, column) != jsonMember(backupRow, column))
                        problem = QStringLiteral("%1 is %2 live and %3 in the backup")
                                      .arg(column, jsonMember(liveRow, column),
                                           jsonMember(backupRow, column));
            if (problem.isEmpty()) {
                ++report.same;
                continue;
            }
            ++report.differingCount;
            if (report.differing.size() < kListed)
                report.differing << QStringLiteral("%1 %2: %3").arg(it.key(), item.key, problem);
        }
    }
    return report;
}

} // namespace payops::restore
