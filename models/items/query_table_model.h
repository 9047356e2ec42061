#pragma once

#include "core/result_table.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace payops::db {
class DbWorker;
}

namespace payops {

// A table over a read-only query of any size, loaded lazily a page at a
// time on the database worker: canFetchMore()/fetchMore() ask for the next
// page, rows are appended when it arrives. Sorting and filtering run in
// PostgreSQL (the view only ever holds what was scrolled to). A result that
// arrives for an earlier query, sort or filter is dropped by its job id.
// Headers and cells are shown through items/column_presentation (words,
// money, times, keys); EditRole and rawValue() are the database's text.
class QueryTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit QueryTableModel(db::DbWorker *worker, QObject *parent = nullptr, int pageSize = 500);

    // The query to show; any SELECT without a trailing semicolon.
    void setQuery(const QString &sql);
    QString query() const { return m_sql; }
    // Case-insensitive text that any column of a row must contain; empty = all rows.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filter; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The query as the table shows it, every row: its filter and its sort
    // (for an export that keeps what is on screen).
    QString shownSql() const;

    bool isLoading() const { return m_pendingJob != 0; }
    bool isComplete() const { return m_complete; }
    QStringList columnNames() const { return m_columns; }
    // Whether every loaded row holds NULL in the column (a column that does
    // not apply to this finding: views hide it). False with no rows.
    bool isColumnEmpty(int column) const;
    // Raw text of a cell (null QString = SQL NULL), for export and tests.
    QString rawValue(int row, int column) const { return m_rows.value(row).value(column); }

    // The SQL of one page; $1 is the filter text (or NULL), $2 the limit, $3 the offset.
    static QString pageSql(const QString &baseSql, const QString &quotedSortColumn,
                           Qt::SortOrder order);

signals:
    void loadingChanged(bool loading);
    void pageLoaded(int rowsLoaded, bool complete);
    void loadFailed(const QString &message);

private:
    void reload();
    void requestPage();
    void onJobFinished(quint64 id, const QVariant &result);
    void onJobFailed(quint64 id, const QString &message, bool cancelled);

    QPointer<db::DbWorker> m_worker;
    int m_pageSize;
    QString m_sql;
    QString m_filter;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QStringList m_columns;
    QVector<QVector<QString>> m_rows;
    quint64 m_pendingJob = 0; // the only job whose result is still wanted
    bool m_complete = false;
    int m_currencyColumn = -1;
};

} // namespace payops
