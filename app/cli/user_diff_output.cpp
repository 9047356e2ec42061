#include "cli/user_diff_output.h"

#include "items/csv_writer.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>

void printUserDiff(QTextStream &out, const payops::report::UserReport &report,
                   const QString &format)
{
    if (format == u"json") {
        out << QString::fromUtf8(payops::report::userReportJson(report));
        return;
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    payops::CsvWriter csv(buffer);
    csv.writeRow({QStringLiteral("table"), QStringLiteral("change"), QStringLiteral("key"),
                  QStringLiteral("changed_columns")});
    for (const payops::diff::UserRecord &record : report.records) {
        const payops::diff::RowChange &c = record.change;
        const QString kind = payops::diff::changeName(record);
        if (format == u"text") {
            out << c.table << ' ' << c.key << ": " << kind;
            if (!c.changedColumns.isEmpty()) {
                const QJsonObject old = QJsonDocument::fromJson(c.before.toUtf8()).object();
                const QJsonObject now = QJsonDocument::fromJson(c.after.toUtf8()).object();
                for (const QString &column : c.changedColumns)
                    out << "  " << column << ": " << payops::diff::jsonValueText(old.value(column))
                        << " -> " << payops::diff::jsonValueText(now.value(column));
            }
            out << '\n';
        } else {
            csv.writeRow({c.table, kind, c.key, c.changedColumns.join(QLatin1Char(' '))});
        }
    }
    if (format == u"csv")
        out << QString::fromUtf8(buffer.data());
}
