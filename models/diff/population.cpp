#include "diff/population.h"

#include "diff/record_values.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::diff {

namespace {

QString valueText(const QJsonValue &value)
{
    return value.isDouble() ? QString::number(qint64(value.toDouble())) : value.toString();
}

} // namespace

Population::Population(const QVector<UserTable> &userTables,
                       const QHash<QString, QString> &timeColumns)
    : m_timeColumn(timeColumns)
{
    for (const UserTable &t : userTables)
        if (t.through.isEmpty())
            m_userColumn.insert(t.table, t.userColumn);
}

void Population::add(const RowChange &change)
{
    const QString kind = kindName(change.kind);
    ++counts[change.table][kind];
    const bool live = change.kind != RowChange::Kind::Deleted;
    const QJsonObject before = QJsonDocument::fromJson(change.before.toUtf8()).object();
    if (!change.changedColumns.isEmpty()) {
        const QJsonObject after = QJsonDocument::fromJson(change.after.toUtf8()).object();
        for (const QString &column : change.changedColumns) {
            const QString field = change.table + QLatin1Char('.') + column;
            ++changedFields[field];
            QVector<ChangedValue> &listed = changedValues[field];
            if (listed.size() < kListed)
                listed.append({change.key, jsonValueText(before.value(column)),
                               jsonValueText(after.value(column))});
        }
    }
    if (change.kind == RowChange::Kind::Created && createdKeys[change.table].size() < kListed)
        createdKeys[change.table] << change.key;
    if (const auto time = m_timeColumn.constFind(change.table); time != m_timeColumn.cend()) {
        const QJsonObject row =
            live ? QJsonDocument::fromJson(change.after.toUtf8()).object() : before;
        const QDate day =
            QDateTime::fromString(row.value(time.value()).toString(), Qt::ISODateWithMs)
                .toUTC()
                .date();
        ++perDay[change.table][day][kind]; // an invalid day: the row has no time
    }
    const auto userColumn = m_userColumn.constFind(change.table);
    if (userColumn == m_userColumn.cend() || change.kind == RowChange::Kind::Created ||
        change.kind == RowChange::Kind::New)
        return;
    const QString owner = valueText(before.value(userColumn.value()));
    if (owner.isEmpty())
        return;
    // Lost: deleted, or moved to someone else.
    if (change.kind == RowChange::Kind::Deleted ||
        change.changedColumns.contains(userColumn.value()))
        ++usersWhoLostRows[owner];
}

} // namespace payops::diff
