#include "cli/diff_output.h"

#include "db/session.h"

#include "items/csv_writer.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {

const QStringList kChangeKinds = {QStringLiteral("deleted"), QStringLiteral("created"),
                                  QStringLiteral("new"), QStringLiteral("changed")};

QJsonValue jsonText(const QString &text)
{
    return text.isEmpty() ? QJsonValue()
                          : QJsonValue(QJsonDocument::fromJson(text.toUtf8()).object());
}

// Most first: the fields that changed in most rows, the users who lost most.
QVector<std::pair<QString, qint64>> top(const QMap<QString, qint64> &counts, int limit)
{
    QVector<std::pair<QString, qint64>> items;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        items.append({it.key(), it.value()});
    std::stable_sort(items.begin(), items.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    return items.mid(0, limit);
}

QJsonObject numbers(const QMap<QString, qint64> &counts)
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(it.key(), double(it.value()));
    return object;
}

} // namespace

DiffOutput::DiffOutput(QTextStream &out, const QString &format)
    : m_out(out)
    , m_format(format)
{
    m_csvBuffer.open(QIODevice::WriteOnly);
    m_csv = std::make_unique<payops::CsvWriter>(m_csvBuffer);
    m_csv->writeRow({QStringLiteral("table"), QStringLiteral("change"), QStringLiteral("key"),
                     QStringLiteral("changed_columns")});
}

DiffOutput::~DiffOutput() = default;

void DiffOutput::row(const payops::diff::RowChange &change)
{
    const QString kind = payops::diff::kindName(change.kind);
    if (m_format == u"json")
        m_rows.append(QJsonObject{
            {QStringLiteral("change"), kind},
            {QStringLiteral("key"), jsonText(change.key)},
            {QStringLiteral("changed_columns"), QJsonArray::fromStringList(change.changedColumns)},
            {QStringLiteral("before"), jsonText(change.before)},
            {QStringLiteral("after"), jsonText(change.after)}});
    else if (m_format == u"csv")
        m_csv->writeRow(
            {change.table, kind, change.key, change.changedColumns.join(QLatin1Char(' '))});
}

void DiffOutput::progress(const payops::diff::DiffProgress &progress,
                          const payops::diff::Population &population)
{
    if (progress.table == m_current && progress.tableIndex < progress.tableCount)
        return;
    if (!m_current.isEmpty())
        tableDone(m_current, population);
    m_current = progress.tableIndex < progress.tableCount ? progress.table : QString();
}

void DiffOutput::tableDone(const QString &table, const payops::diff::Population &population)
{
    // The population has counted the table's rows as they passed.
    const QMap<QString, qint64> counts = population.counts.value(table);
    if (m_format == u"text")
        m_out << table << ": " << counts.value(QStringLiteral("deleted")) << " deleted, "
              << counts.value(QStringLiteral("created")) << " created, "
              << counts.value(QStringLiteral("new")) << " new since the backup, "
              << counts.value(QStringLiteral("changed")) << " changed\n";
    QJsonObject entry{{QStringLiteral("table"), table}, {QStringLiteral("rows"), m_rows}};
    for (const QString &kind : kChangeKinds)
        entry.insert(kind, double(counts.value(kind)));
    m_tables.append(entry);
    m_rows = QJsonArray();
}

void DiffOutput::finish(const payops::diff::Population &population, const QString &backupName,
                        const payops::diff::BackupTime &backupTime, const QString &schema)
{
    if (m_format == u"text") {
        m_out << "\nFields that changed in most rows:\n";
        for (const auto &[field, rows] : top(population.changedFields, 10))
            m_out << "  " << field << ": " << rows << '\n';
        m_out << "Users who lost rows (deleted, or moved to another owner): "
              << population.usersWhoLostRows.size() << '\n';
        for (const auto &[user, rows] : top(population.usersWhoLostRows, 10))
            m_out << "  " << user << ": " << rows << '\n';
    } else if (m_format == u"json") {
        QJsonObject perDay;
        for (auto table = population.perDay.cbegin(); table != population.perDay.cend(); ++table) {
            QJsonObject days;
            for (auto day = table.value().cbegin(); day != table.value().cend(); ++day)
                days.insert(day.key().isValid() ? day.key().toString(Qt::ISODate)
                                                : QStringLiteral("undated"),
                            numbers(day.value()));
            perDay.insert(table.key(), days);
        }
        m_out << QJsonDocument(
                     QJsonObject{
                         {QStringLiteral("format"), QStringLiteral("payops-diff/2")},
                         {QStringLiteral("backup"),
                          QJsonObject{{QStringLiteral("name"), backupName},
                                      {QStringLiteral("taken_at"),
                                       backupTime.takenAt.toUTC().toString(Qt::ISODate)},
                                      {QStringLiteral("taken_at_is"), backupTime.describe()}}},
                         {QStringLiteral("live"),
                          QJsonObject{
                              {QStringLiteral("server"), m_route.words()},
                              {QStringLiteral("standby"), m_route.investigation.isStandby},
                              {QStringLiteral("data_up_to"),
                               m_route.lag.dataUpTo.isValid()
                                   ? QJsonValue(m_route.lag.dataUpTo.toUTC().toString(Qt::ISODate))
                                   : QJsonValue()},
                              {QStringLiteral("recovery_conflicts_retried"),
                               payops::db::statementStats().recoveryConflictRetries}}},
                         {QStringLiteral("per_day"), perDay},
                         {QStringLiteral("schema"), schema},
                         {QStringLiteral("tables"), m_tables},
                         {QStringLiteral("fields_changed"), numbers(population.changedFields)},
                         {QStringLiteral("users_who_lost_rows"),
                          numbers(population.usersWhoLostRows)}})
                     .toJson(QJsonDocument::Indented);
    } else if (m_format == u"csv") {
        m_out << QString::fromUtf8(m_csvBuffer.data());
    }
}
