#include "diff/table_differ.h"

#include "core/result_table.h"
#include "db/session.h"
#include "diff/row_hash.h"
#include "profile/sql_text.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <thread>

namespace payops::diff {

namespace {

using profile::quoteIdent;

// Runs the same statement on both servers at once.
std::pair<ResultTable, ResultTable> onBoth(db::Session &live, db::Session &backup,
                                           const QString &sql, const QStringList &params = {})
{
    ResultTable backupRows;
    std::exception_ptr backupError;
    std::thread other([&] {
        try {
            backupRows = backup.query(sql, params);
        } catch (...) {
            backupError = std::current_exception();
        }
    });
    ResultTable liveRows;
    std::exception_ptr liveError;
    try {
        liveRows = live.query(sql, params);
    } catch (...) {
        liveError = std::current_exception();
    }
    other.join();
    if (liveError)
        std::rethrow_exception(liveError);
    if (backupError)
        std::rethrow_exception(backupError);
    return {liveRows, backupRows};
}

} // namespace

QString kindName(RowChange::Kind kind)
{
    switch (kind) {
    case RowChange::Kind::Deleted:
        return QStringLiteral("deleted");
    case RowChange::Kind::Created:
        return QStringLiteral("created");
    case RowChange::Kind::Changed:
        break;
    }
    return QStringLiteral("changed");
}

TableDiffer::TableDiffer(db::Session &live, db::Session &backup, const TableShape &shape)
    : m_live(live)
    , m_backup(backup)
    , m_shape(shape)
{
}

QVector<TableDiffer::Part> TableDiffer::mismatchedParts(const Range &range)
{
    // Part b of the range holds keys lo + b*width .. lo + (b+1)*width - 1.
    const qint64 width = std::max<qint64>(1, (range.hi - range.lo + kParts - 1) / kParts);
    const QString key = quoteIdent(m_shape.key.first());
    const QString sql = QStringLiteral("SELECT (t.%1 - %2) / %3 AS part, count(*), sum(%4)::text\n"
                                       "FROM %5 AS t WHERE t.%1 >= %2 AND t.%1 < %6 GROUP BY 1")
                            .arg(key)
                            .arg(range.lo)
                            .arg(width)
                            .arg(rowHashExpression(m_shape, QStringLiteral("t")),
                                 profile::qualifiedTable(m_shape.schema, m_shape.table))
                            .arg(range.hi);
    const auto [live, backup] = onBoth(m_live, m_backup, sql);
    ++m_stats.checksumQueries;
    QHash<qint64, QPair<qint64, QString>> liveParts, backupParts;
    for (const auto &row : live.rows)
        liveParts.insert(row[0].toLongLong(), {row[1].toLongLong(), row[2]});
    for (const auto &row : backup.rows)
        backupParts.insert(row[0].toLongLong(), {row[1].toLongLong(), row[2]});
    QVector<Part> mismatched;
    for (qint64 part = 0; part < kParts; ++part) {
        const auto l = liveParts.value(part), b = backupParts.value(part);
        if (l == b) // same count and same sum of hashes
            continue;
        const qint64 lo = range.lo + part * width;
        if (lo >= range.hi)
            break;
        mismatched.append({{lo, std::min(range.hi, lo + width)}, std::max(l.first, b.first)});
    }
    return mismatched;
}

void TableDiffer::compareLeaf(const Range &range, QStringList &differingKeys)
{
    QString where = QStringLiteral("true");
    if (m_shape.splittable())
        where = QStringLiteral("t.%1 >= %2 AND t.%1 < %3")
                    .arg(quoteIdent(m_shape.key.first()))
                    .arg(range.lo)
                    .arg(range.hi);
    const QString sql = QStringLiteral("SELECT %1, %2 FROM %3 AS t WHERE %4")
                            .arg(keyTextExpression(m_shape, QStringLiteral("t")),
                                 rowHashExpression(m_shape, QStringLiteral("t")),
                                 profile::qualifiedTable(m_shape.schema, m_shape.table), where);
    const auto [live, backup] = onBoth(m_live, m_backup, sql);
    ++m_stats.leafRanges;
    m_stats.keysCompared += std::max(live.rows.size(), backup.rows.size());
    QHash<QString, QString> backupHashes;
    for (const auto &row : backup.rows)
        backupHashes.insert(row[0], row[1]);
    for (const auto &row : live.rows) {
        const auto it = backupHashes.find(row[0]);
        if (it == backupHashes.end() || it.value() != row[1])
            differingKeys << row[0];
        if (it != backupHashes.end())
            backupHashes.erase(it);
    }
    differingKeys << backupHashes.keys(); // in the backup only
}

void TableDiffer::emitRows(const QStringList &keys,
                           const std::function<void(const RowChange &)> &onChange)
{
    // Fetched in batches, through the primary key's index when it can be.
    constexpr int kBatch = 2000;
    const QString keyText = keyTextExpression(m_shape, QStringLiteral("t"));
    for (int from = 0; from < keys.size(); from += kBatch) {
        const QStringList batch = keys.mid(from, kBatch);
        QString where = QStringLiteral("%1 = ANY ($1::text[])").arg(keyText);
        QStringList params{profile::textArrayLiteral(batch)};
        if (m_shape.splittable()) {
            QStringList firstKeys;
            for (const QString &key : batch)
                firstKeys << QString::number(QJsonDocument::fromJson(key.toUtf8())
                                                 .object()
                                                 .value(m_shape.key.first())
                                                 .toInteger());
            where += QStringLiteral(" AND t.%1 = ANY ($2::bigint[])")
                         .arg(quoteIdent(m_shape.key.first()));
            params << profile::textArrayLiteral(firstKeys);
        }
        const QString sql =
            QStringLiteral("SELECT %1, to_jsonb(t)::text FROM %2 AS t WHERE %3")
                .arg(keyText, profile::qualifiedTable(m_shape.schema, m_shape.table), where);
        const auto [live, backup] = onBoth(m_live, m_backup, sql, params);
        QHash<QString, QString> before, after;
        for (const auto &row : backup.rows)
            before.insert(row[0], row[1]);
        for (const auto &row : live.rows)
            after.insert(row[0], row[1]);
        for (const QString &key : batch) {
            RowChange change;
            change.table = m_shape.table;
            change.key = key;
            change.before = before.value(key);
            change.after = after.value(key);
            if (change.before.isEmpty())
                change.kind = RowChange::Kind::Created;
            else if (change.after.isEmpty())
                change.kind = RowChange::Kind::Deleted;
            else {
                const QJsonObject old = QJsonDocument::fromJson(change.before.toUtf8()).object();
                const QJsonObject now = QJsonDocument::fromJson(change.after.toUtf8()).object();
                for (const ColumnShape &column : m_shape.columns)
                    if (old.value(column.name) != now.value(column.name))
                        change.changedColumns << column.name;
            }
            onChange(change);
        }
    }
}

TableDiffStats TableDiffer::run(const std::function<void(const RowChange &)> &onChange)
{
    QStringList differing;
    if (!m_shape.splittable()) {
        compareLeaf({0, 0}, differing);
    } else {
        const QString key = quoteIdent(m_shape.key.first());
        const auto [live, backup] =
            onBoth(m_live, m_backup,
                   QStringLiteral("SELECT min(t.%1), max(t.%1) FROM %2 AS t")
                       .arg(key, profile::qualifiedTable(m_shape.schema, m_shape.table)));
        const QVector<QString> l = live.rows.value(0), b = backup.rows.value(0);
        qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
        for (const auto &bounds : {l, b})
            if (!bounds.value(0).isNull()) {
                lo = std::min(lo, bounds[0].toLongLong());
                hi = std::max(hi, bounds[1].toLongLong() + 1);
            }
        QVector<Range> pending;
        if (lo < hi)
            pending.append({lo, hi});
        // Depth first: the pending list stays short, whatever the table's size.
        while (!pending.isEmpty()) {
            const Range range = pending.takeLast();
            for (const Part &part : mismatchedParts(range)) {
                if (part.range.hi - part.range.lo <= 1 || part.rows <= kLeafRows)
                    compareLeaf(part.range, differing);
                else
                    pending.append(part.range);
            }
            if (differing.size() >= 20000) { // emit as we go: memory follows the batch
                emitRows(differing, onChange);
                differing.clear();
            }
        }
    }
    emitRows(differing, onChange);
    return m_stats;
}

} // namespace payops::diff
