#include "diff/population.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace payops::diff {

namespace {

QString valueText(const QJsonValue &value)
{
    return value.isDouble() ? QString::number(qint64(value.toDouble())) : value.toString();
}

} // namespace

Population::Population(const QVector<UserTable> &userTables)
{
    for (const UserTable &t : userTables)
        if (t.through.isEmpty())
            m_userColumn.insert(t.table, t.userColumn);
}

void Population::add(const RowChange &change)
{
    ++counts[change.table][kindName(change.kind)];
    for (const QString &column : change.changedColumns)
        ++changedFields[change.table + QLatin1Char('.') + column];
    const auto userColumn = m_userColumn.constFind(change.table);
    if (userColumn == m_userColumn.cend() || change.kind == RowChange::Kind::Created)
        return;
    const QJsonObject before = QJsonDocument::fromJson(change.before.toUtf8()).object();
    const QString owner = valueText(before.value(userColumn.value()));
    if (owner.isEmpty())
        return;
    // Lost: deleted, or moved to someone else.
    if (change.kind == RowChange::Kind::Deleted ||
        change.changedColumns.contains(userColumn.value()))
        ++usersWhoLostRows[owner];
}

} // namespace payops::diff
