#include "diff/record_values.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::diff {

QString changeName(const UserRecord &record)
{
    return record.same ? QStringLiteral("same") : kindName(record.change.kind);
}

QVector<FieldChange> fieldChanges(const UserRecord &record)
{
    const QJsonObject before = QJsonDocument::fromJson(record.change.before.toUtf8()).object();
    const QJsonObject after = QJsonDocument::fromJson(record.change.after.toUtf8()).object();
    QVector<FieldChange> fields;
    for (const QString &column : record.change.changedColumns)
        fields.append({column, before.value(column), after.value(column)});
    return fields;
}

QString jsonValueText(const QJsonValue &value)
{
    // QJsonDocument writes only arrays and objects: wrap, write, unwrap.
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace payops::diff
