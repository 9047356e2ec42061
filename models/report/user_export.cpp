#include "report/user_export.h"

#include "items/csv_writer.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::report {

using diff::changeName;
using diff::FieldChange;
using diff::fieldChanges;
using diff::UserRecord;

namespace {

// A row or key as stored (jsonb text) as a JSON value; null when absent.
QJsonValue jsonRow(const QString &text)
{
    return text.isEmpty() ? QJsonValue()
                          : QJsonValue(QJsonDocument::fromJson(text.toUtf8()).object());
}

} // namespace

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
        const diff::RowChange &c = record.change;
        const QVector<FieldChange> fields = fieldChanges(record);
        if (fields.isEmpty())
            csv.writeRow({c.table, c.key, changeName(record), QString(), QString(), QString()});
        for (const FieldChange &field : fields)
            csv.writeRow({c.table, c.key, changeName(record), field.column,
                          diff::jsonValueText(field.backup), diff::jsonValueText(field.live)});
    }
    return buffer.data();
}

} // namespace payops::report
