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

QString TableDiffer::keyColumn() const
{
    return quoteIdent(m_shape.key.first());
}

// The first pass: the whole key span in parts of about kFirstPartRows
// rows, one grouped scan per side.
QVector<TableDiffer::Range> TableDiffer::firstPass()
{
    const QString table = profile::qualifiedTable(m_shape.schema, m_shape.table);
    const auto [liveBounds, backupBounds] =
        onBoth(m_live, m_backup,
               QStringLiteral(
                   "SELECT min(t.%1), max(t.%1), greatest(c.reltuples, 1)::bigint FROM %2 AS t, "
                   "pg_class c WHERE c.oid = %3::regclass GROUP BY c.reltuples")
                   .arg(keyColumn(), table, profile::sqlLiteral(table)));
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min(),
           rows = 1;
    for (const auto &bounds : {liveBounds.rows.value(0), backupBounds.rows.value(0)})
        if (!bounds.value(0).isNull()) {
            lo = std::min(lo, bounds[0].toLongLong());
            hi = std::max(hi, bounds[1].toLongLong() + 1);
            rows = std::max(rows, bounds[2].toLongLong());
        }
    if (lo >= hi)
        return {};
    const qint64 width =
        std::max<qint64>(1, (hi - lo) / std::max<qint64>(1, rows / kFirstPartRows));
    const auto [live, backup] = onBoth(
        m_live, m_backup,
        QStringLiteral(
            "SELECT (t.%1 - %2) / %3 AS part, count(*), sum(%4)::text FROM %5 AS t GROUP BY 1")
            .arg(keyColumn())
            .arg(lo)
            .arg(width)
            .arg(rowHashExpression(m_shape, QStringLiteral("t")), table));
    ++m_stats.checksumQueries;
    return differingParts(live, backup, [&](qint64, qint64 part) {
        const qint64 start = lo + part * width;
        return std::make_pair(start, std::min(hi, start + width));
    });
}

QVector<TableDiffer::Range> TableDiffer::differingParts(
    const ResultTable &live, const ResultTable &backup,
    const std::function<std::pair<qint64, qint64>(qint64 batchIndex, qint64 part)> &bounds)
{
    // Rows: [batch index,] part, count, sum. Equal count and sum: same part.
    const int offset = live.columns.size() == 4 ? 1 : 0;
    QHash<std::pair<qint64, qint64>, std::pair<qint64, QString>> sides[2];
    for (int side = 0; side < 2; ++side)
        for (const auto &row : (side == 0 ? live : backup).rows)
            sides[side].insert({offset ? row[0].toLongLong() : 0, row[offset].toLongLong()},
                               {row[offset + 1].toLongLong(), row[offset + 2]});
    QSet<std::pair<qint64, qint64>> parts;
    for (const auto &side : sides)
        for (auto it = side.cbegin(); it != side.cend(); ++it)
            parts.insert(it.key());
    QVector<Range> differing;
    for (const auto &part : parts) {
        const auto l = sides[0].value(part), b = sides[1].value(part);
        if (l == b)
            continue;
        const auto [lo, hi] = bounds(part.first, part.second);
        differing.append({lo, hi, std::max(l.first, b.first)});
    }
    return differing;
}

// One level down: every range cut into kSplit parts, checksummed in
// batches of ranges on both sides; the parts that differ come back.
QVector<TableDiffer::Range> TableDiffer::splitAndCompare(const QVector<Range> &ranges)
{
    QVector<Range> differing;
    for (int from = 0; from < ranges.size(); from += kBatchRanges) {
        const QVector<Range> batch = ranges.mid(from, kBatchRanges);
        QStringList los, his, widths;
        for (const Range &r : batch) {
            los << QString::number(r.lo);
            his << QString::number(r.hi);
            widths << QString::number(std::max<qint64>(1, (r.hi - r.lo + kSplit - 1) / kSplit));
        }
        const QString sql =
            QStringLiteral("SELECT r.i, (t.%1 - r.lo) / r.w AS part, count(*), sum(%2)::text\n"
                           "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) WITH ORDINALITY "
                           "AS r (lo, hi, w, i)\n"
                           "CROSS JOIN LATERAL (SELECT * FROM %3 AS t WHERE t.%1 >= r.lo AND t.%1 "
                           "< r.hi OFFSET 0) AS t\n"
                           "GROUP BY 1, 2")
                .arg(keyColumn(), rowHashExpression(m_shape, QStringLiteral("t")),
                     profile::qualifiedTable(m_shape.schema, m_shape.table));
        const QStringList params = {
            QLatin1Char('{') + los.join(QLatin1Char(',')) + QLatin1Char('}'),
            QLatin1Char('{') + his.join(QLatin1Char(',')) + QLatin1Char('}'),
            QLatin1Char('{') + widths.join(QLatin1Char(',')) + QLatin1Char('}')};
        const auto [live, backup] = onBoth(m_live, m_backup, sql, params);
        ++m_stats.checksumQueries;
        differing << differingParts(live, backup, [&](qint64 index, qint64 part) {
            const Range &r = batch[int(index) - 1];
            const qint64 width = widths[int(index) - 1].toLongLong();
            const qint64 start = r.lo + part * width;
            return std::make_pair(start, std::min(r.hi, start + width));
        });
    }
    return differing;
}

// Small ranges, key by key: keys and hashes of both sides, in batches.
void TableDiffer::compareLeaves(const QVector<Range> &ranges, QStringList &differingKeys)
{
    const QString table = profile::qualifiedTable(m_shape.schema, m_shape.table);
    for (int from = 0; from < std::max<int>(1, ranges.size()); from += kBatchRanges) {
        QString sql;
        QStringList params;
        if (!m_shape.splittable()) {
            sql = QStringLiteral("SELECT %1, %2 FROM %3 AS t")
                      .arg(keyTextExpression(m_shape, QStringLiteral("t")),
                           rowHashExpression(m_shape, QStringLiteral("t")), table);
        } else {
            QStringList los, his;
            for (const Range &r : ranges.mid(from, kBatchRanges)) {
                los << QString::number(r.lo);
                his << QString::number(r.hi);
            }
            sql = QStringLiteral(
                      "SELECT %1, %2\nFROM unnest($1::bigint[], $2::bigint[]) AS r (lo, hi)\n"
                      "CROSS JOIN LATERAL (SELECT * FROM %3 AS t WHERE t.%4 >= r.lo AND t.%4 < "
                      "r.hi OFFSET 0) AS t")
                      .arg(keyTextExpression(m_shape, QStringLiteral("t")),
                           rowHashExpression(m_shape, QStringLiteral("t")), table, keyColumn());
            params = {QLatin1Char('{') + los.join(QLatin1Char(',')) + QLatin1Char('}'),
                      QLatin1Char('{') + his.join(QLatin1Char(',')) + QLatin1Char('}')};
        }
        const auto [live, backup] = onBoth(m_live, m_backup, sql, params);
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
        if (!m_shape.splittable())
            break;
    }
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
        compareLeaves({}, differing);
    } else {
        // Level by level: what still differs is cut smaller until it is
        // small enough to compare key by key.
        QVector<Range> ranges = firstPass();
        while (!ranges.isEmpty()) {
            QVector<Range> split, leaves;
            for (const Range &r : ranges)
                (r.rows <= kLeafRows || r.hi - r.lo <= 1 ? leaves : split).append(r);
            compareLeaves(leaves, differing);
            if (differing.size() >= 20000) { // emit as we go: memory follows the batch
                emitRows(differing, onChange);
                differing.clear();
            }
            ranges = split.isEmpty() ? QVector<Range>() : splitAndCompare(split);
        }
    }
    emitRows(differing, onChange);
    return m_stats;
}

} // namespace payops::diff
