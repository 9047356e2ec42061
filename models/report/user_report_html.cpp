#include "report/user_report_html.h"

#include <QMap>

namespace payops::report {

using diff::changeName;
using diff::FieldChange;
using diff::fieldChanges;
using diff::jsonValueText;
using diff::RowChange;
using diff::UserRecord;

namespace {

QString line(const QStringList &cells)
{
    QString html = QStringLiteral("<tr>");
    for (const QString &text : cells)
        html += QStringLiteral("<td>%1</td>").arg(text.toHtmlEscaped());
    return html + QStringLiteral("</tr>\n");
}

// One differing record's lines: its key and change, then a line per
// changed field (or, deleted or created, the one row that exists).
QString recordLines(const UserRecord &record)
{
    const RowChange &c = record.change;
    const QString change = changeName(record);
    if (c.kind == RowChange::Kind::Deleted)
        return line({c.key, change, QStringLiteral("(whole row)"), c.before, QString()});
    if (c.kind == RowChange::Kind::Created)
        return line({c.key, change, QStringLiteral("(whole row)"), QString(), c.after});
    QString html;
    bool first = true;
    for (const FieldChange &field : fieldChanges(record)) {
        html += line({first ? c.key : QString(), first ? change : QString(), field.column,
                      jsonValueText(field.backup), jsonValueText(field.live)});
        first = false;
    }
    return html;
}

// One database table's part: the differing records in a table, then the
// unchanged ones as a list of keys (a line each would fill pages).
struct TablePart
{
    QString lines;
    QStringList sameKeys;
};

QString tableHtml(const QString &table, const TablePart &part)
{
    QString html = QStringLiteral("<h2>%1</h2>\n").arg(table.toHtmlEscaped());
    if (!part.lines.isEmpty())
        html += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                               "width=\"100%\">\n<tr><th width=\"15%\">Record</th>"
                               "<th width=\"12%\">Change</th><th width=\"13%\">Field</th>"
                               "<th width=\"30%\">Backup</th><th width=\"30%\">Live</th></tr>\n") +
                part.lines + QStringLiteral("</table>\n");
    if (!part.sameKeys.isEmpty())
        html += QStringLiteral("<p>The same on both sides (%1): %2</p>\n")
                    .arg(part.sameKeys.size())
                    .arg(part.sameKeys.join(QStringLiteral(", ")).toHtmlEscaped());
    return html;
}

} // namespace

QString userReportHtml(const UserReport &report)
{
    QMap<QString, int> counts;
    QMap<QString, TablePart> tables; // in name order, as the view sorts them
    for (const UserRecord &record : report.records) {
        ++counts[changeName(record)];
        TablePart &part = tables[record.change.table];
        if (record.same)
            part.sameKeys << record.change.key;
        else
            part.lines += recordLines(record);
    }
    QString html = QStringLiteral("<html><body>\n<h1>User %1 against the backup %2</h1>\n")
                       .arg(report.user.toHtmlEscaped(), report.backupName.toHtmlEscaped());
    html += QStringLiteral(
                "<p>Printed %1 (UTC). %2 deleted, %3 changed, %4 new since the backup, "
                "%5 created (not known to be newer than the backup), %6 the same. Values read as "
                "stored: text in quotes, null for none.</p>\n")
                .arg(report.madeAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                .arg(counts.value(QStringLiteral("deleted")))
                .arg(counts.value(QStringLiteral("changed")))
                .arg(counts.value(QStringLiteral("new")))
                .arg(counts.value(QStringLiteral("created")))
                .arg(counts.value(QStringLiteral("same")));
    if (report.records.isEmpty())
        html += QStringLiteral("<p>The user has no records on either side.</p>\n");
    for (auto table = tables.cbegin(); table != tables.cend(); ++table)
        html += tableHtml(table.key(), table.value());
    return html + QStringLiteral("</body></html>\n");
}

} // namespace payops::report
