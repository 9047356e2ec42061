#pragma once

#include "db/server_route.h"
#include "diff/backup_check.h"
#include "diff/database_diff.h"
#include "diff/population.h"

#include <QBuffer>
#include <QJsonArray>
#include <QTextStream>

#include <memory>

namespace payops {
class CsvWriter;
}

// How payops diff prints a whole-database comparison as it runs: text (a
// line per table, then the fields that changed most and the users who lost
// rows), CSV (a line per differing row) or JSON (one payops-diff/2
// document with every row, the counts per table and per day and the
// population). The rows come from BackupComparison's sink, the counts from
// its population.
class DiffOutput
{
public:
    DiffOutput(QTextStream &out, const QString &format);
    ~DiffOutput();

    void row(const payops::diff::RowChange &change);
    // Each progress report: a table is done when the next one starts, or
    // when all are.
    void progress(const payops::diff::DiffProgress &progress,
                  const payops::diff::Population &population);
    void finish(const payops::diff::Population &population, const QString &backupName,
                const payops::diff::BackupTime &backupTime, const QString &schema);
    // Where the live side was read, and how far behind: the JSON's "live".
    void setLiveRoute(const payops::db::ServerRoute &route) { m_route = route; }

private:
    void tableDone(const QString &table, const payops::diff::Population &population);

    QTextStream &m_out;
    QString m_format;
    QString m_current; // the table being compared
    QJsonArray m_tables;
    QJsonArray m_rows; // the current table's, for JSON
    QBuffer m_csvBuffer;
    std::unique_ptr<payops::CsvWriter> m_csv;
    payops::db::ServerRoute m_route;
};
