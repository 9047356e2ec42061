#include "diff/user_export.h"

#include "items/csv_writer.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::diff {

namespace {

// A row or key as stored (jsonb text) as a JSON value; null when absent.
QJsonValue jsonRow(const QString &text)
{
    return text.isEmpty() ? QJsonValue()
                          : QJsonValue(QJsonDocument::fromJson(text.toUtf8()).object());
}

} // namespace

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

QByteArray userReportJson(const UserReport &report)
{
    QJsonArray records;
    for (const UserRecord &record : report.records) {
        QJsonArray changes;
        for (const FieldChange &field : fieldChanges(record))
            changes.append(QJsonObject{{QStringLiteral("column"), field.column},
                                       {QStringLiteral("backup"), field.backup},
                                       {QStringLiteral("live"), field.live}});
        records.append(QJsonObject{{QStringLiteral("table"), record.change.table},
                                   {QStringLiteral("key"), jsonRow(record.change.key)},
                                   {QStringLiteral("change"), changeName(record)},
                                   {QStringLiteral("changes"), changes},
                                   {QStringLiteral("before"), jsonRow(record.change.before)},
                                   {QStringLiteral("after"), jsonRow(record.change.after)}});
    }
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("format"), QStringLiteral("payops-user-export/1")},
                   {QStringLiteral("user"), report.user},
                   {QStringLiteral("backup"), report.backupName},
                   {QStringLiteral("exported_at"), report.madeAt.toUTC().toString(Qt::ISODate)},
                   {QStringLiteral("records"), records}})
        .toJson(QJsonDocument::Indented);
}

QByteArray userReportCsv(const UserReport &report)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer);
    csv.writeRow({QStringLiteral("table"), QStringLiteral("key"), QStringLiteral("change"),
                  QStringLiteral("field"), QStringLiteral("backup"), QStringLiteral("live")});
    for (const UserRecord &record : report.records) {
        const RowChange &c = record.change;
        const QVector<FieldChange> fields = fieldChanges(record);
        if (fields.isEmpty())
            csv.writeRow({c.table, c.key, changeName(record), QString(), QString(), QString()});
        for (const FieldChange &field : fields)
            csv.writeRow({c.table, c.key, changeName(record), field.column,
                          jsonValueText(field.backup), jsonValueText(field.live)});
    }
    return buffer.data();
}

} // namespace payops::diff
