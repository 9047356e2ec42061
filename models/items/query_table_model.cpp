#include "items/query_table_model.h"

#include "core/money.h"
#include "db/db_worker.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "items/column_presentation.h"

namespace payops {

QueryTableModel::QueryTableModel(db::DbWorker *worker, QObject *parent, int pageSize)
    : QAbstractTableModel(parent)
    , m_worker(worker)
    , m_pageSize(pageSize)
{
    connect(worker, &db::DbWorker::jobFinished, this, &QueryTableModel::onJobFinished);
    connect(worker, &db::DbWorker::jobFailed, this, &QueryTableModel::onJobFailed);
}

QString QueryTableModel::pageSql(const QString &baseSql, const QString &quotedSortColumn,
                                 Qt::SortOrder order)
{
    QString base = baseSql.trimmed();
    while (base.endsWith(QLatin1Char(';')))
        base.chop(1);
    // The filter is a bound parameter compared with the row's text; the sort
    // column is a quoted identifier taken from the query's own columns.
    // Column 1 breaks ties so that pages never overlap or skip rows.
    // Numbers sort as numbers even when the query gives them as text (a key
    // read from JSON, a user id of text type): 1019 before 10047.
    const QString direction =
        order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
    const QString orderBy =
        quotedSortColumn.isEmpty()
            ? QStringLiteral("1")
            : QStringLiteral("CASE WHEN q.%1::text ~ '^-?[0-9]{1,30}(\\.[0-9]+)?$' "
                             "THEN q.%1::text::numeric END %2 NULLS LAST, q.%1 %2 NULLS LAST, 1")
                  .arg(quotedSortColumn, direction);
    return QStringLiteral("SELECT * FROM (\n%1\n) AS q\n"
                          "WHERE $1::text IS NULL OR strpos(lower(q::text), lower($1::text)) > 0\n"
                          "ORDER BY %2\nLIMIT $2::bigint OFFSET $3::bigint")
        .arg(base, orderBy);
}

QString QueryTableModel::shownSql() const
{
    if (m_sql.isEmpty())
        return QString();
    const QString sortColumn = m_sortColumn >= 0 ? m_columns.value(m_sortColumn) : QString();
    QString sql =
        pageSql(m_sql, sortColumn.isEmpty() ? QString() : db::quoteIdent(sortColumn), m_sortOrder);
    // The page's parameters as literals, and no page: every row.
    sql.replace(QStringLiteral("$1::text"),
                m_filter.isEmpty() ? QStringLiteral("NULL::text")
                                   : db::sqlLiteral(m_filter) + QStringLiteral("::text"));
    sql.truncate(sql.lastIndexOf(QStringLiteral("\nLIMIT")));
    return sql;
}

void QueryTableModel::setQuery(const QString &sql)
{
    m_sql = sql;
    m_sortColumn = -1;
    m_complete = true; // see reload()
    beginResetModel();
    m_columns.clear();
    m_rows.clear();
    m_currencyColumn = -1;
    endResetModel();
    reload();
}

void QueryTableModel::setFilterText(const QString &text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    reload();
}

void QueryTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size())
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

void QueryTableModel::reload()
{
    // Rows go, columns stay (the header keeps its sort indicator).
    // Nothing to fetch while the reset is announced, so views do not ask for
    // a page that the request below asks for anyway.
    m_pendingJob = 0;
    m_complete = true;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    m_complete = m_sql.isEmpty();
    if (!m_sql.isEmpty())
        requestPage();
}

void QueryTableModel::requestPage()
{
    if (!m_worker || m_sql.isEmpty())
        return;
    const QString sql = m_sql;
    const QString filter = m_filter.isEmpty() ? QString() : m_filter;
    const QString sortColumn = m_sortColumn >= 0 ? m_columns.value(m_sortColumn) : QString();
    const Qt::SortOrder order = m_sortOrder;
    const qint64 offset = m_rows.size();
    const qint64 limit = m_pageSize;
    const bool wasLoading = isLoading();
    m_pendingJob =
        m_worker->submit(tr("load rows"), [=](db::Session &session, const db::JobProgress &) {
            const QString quoted = sortColumn.isEmpty() ? QString() : db::quoteIdent(sortColumn);
            const QString page = pageSql(sql, quoted, order);
            return QVariant::fromValue(
                session.query(page, {filter, QString::number(limit), QString::number(offset)}));
        });
    if (!wasLoading)
        emit loadingChanged(true);
}

void QueryTableModel::onJobFinished(quint64 id, const QVariant &result)
{
    if (id != m_pendingJob)
        return; // stale: the query, sort or filter changed since
    const ResultTable page = result.value<ResultTable>();
    // m_pendingJob stays set while rows go in: a fetchMore() that a view or
    // tester makes from inside the insert notifications must not ask for
    // the same offset again.
    if (m_columns.isEmpty() && !page.columns.isEmpty()) {
        beginResetModel();
        m_columns = page.columns;
        m_currencyColumn = int(m_columns.indexOf(QStringLiteral("currency")));
        m_rows = page.rows;
        m_complete = page.rowCount() < m_pageSize;
        endResetModel();
    } else {
        m_complete = page.rowCount() < m_pageSize;
        if (!page.rows.isEmpty()) {
            beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.rowCount() - 1));
            m_rows += page.rows;
            endInsertRows();
        }
    }
    m_pendingJob = 0;
    emit loadingChanged(false);
    emit pageLoaded(int(m_rows.size()), m_complete);
}

void QueryTableModel::onJobFailed(quint64 id, const QString &message, bool cancelled)
{
    if (id != m_pendingJob)
        return;
    m_pendingJob = 0;
    // Stop asking: a failing query would otherwise be retried on every scroll.
    m_complete = true;
    emit loadingChanged(false);
    emit loadFailed(cancelled ? tr("Loading rows was cancelled.") : message);
}

int QueryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QueryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant QueryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &value = m_rows[index.row()][index.column()];
    const QString &column = m_columns[index.column()];
    switch (role) {
    case Qt::DisplayRole:
        // Money in the row's own currency, times to the second, keys as
        // values, NULL as an empty cell (items/column_presentation).
        return items::displayValue(column, value,
                                   m_currencyColumn >= 0 ? m_rows[index.row()][m_currencyColumn]
                                                         : QString(),
                                   items::displayZone());
    case Qt::EditRole:
    case Qt::UserRole:
        return value;
    case Qt::TextAlignmentRole: {
        const bool numeric = items::looksNumeric(value);
        return QVariant::fromValue(numeric || items::isMoneyColumn(column)
                                       ? Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter)
                                       : Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    }
    case Qt::ToolTipRole:
        return value.isNull() ? tr("no value") : value;
    default:
        return {};
    }
}

QVariant QueryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return items::columnHeader(m_columns.value(section));
}

bool QueryTableModel::isColumnEmpty(int column) const
{
    if (column < 0 || column >= m_columns.size() || m_rows.isEmpty())
        return false;
    for (const QVector<QString> &row : m_rows)
        if (!row.value(column).isNull())
            return false;
    return true;
}

bool QueryTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_complete && !m_sql.isEmpty();
}

void QueryTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_complete || isLoading())
        return;
    requestPage();
}

} // namespace payops
