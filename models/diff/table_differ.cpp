#include "diff/table_differ.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "diff/backup_check.h"
#include "diff/row_hash.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QQueue>
#include <QWaitCondition>

#include <thread>

namespace payops::diff {

namespace {

using db::quoteIdent;

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

// Decimal numbers as a PostgreSQL array literal, for a bigint[] parameter.
QString numberArray(const QStringList &numbers)
{
    return QLatin1Char('{') + numbers.join(QLatin1Char(',')) + QLatin1Char('}');
}

// The rows of one sorted query, streamed with COPY on the session's own
// thread and read here one by one through a short queue of chunks: a merge
// of two such streams holds a few thousand rows, whatever the table's
// size. Rows travel in chunks so that the two threads meet once per chunk,
// not once per row (the servers need the CPU more than the hand-over does).
class RowStream
{
public:
    RowStream(db::Session &session, const QString &sql)
        : m_thread([this, &session, sql] {
            QVector<QStringList> chunk;
            try {
                session.copyOut(sql, [this, &chunk](const QStringList &row) {
                    chunk.append(row);
                    if (chunk.size() == kChunkRows) {
                        push(std::move(chunk));
                        chunk = {};
                    }
                });
                if (!chunk.isEmpty())
                    push(std::move(chunk));
            } catch (...) {
                QMutexLocker lock(&m_mutex);
                m_error = std::current_exception();
            }
            QMutexLocker lock(&m_mutex);
            m_done = true;
            m_changed.wakeAll();
        })
    {
    }
    ~RowStream()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_abandoned = true; // the producer drains the rest without queueing it
            m_changed.wakeAll();
        }
        m_thread.join();
    }

    // The next row; false at the end. Rethrows the producer's failure.
    bool next(QStringList &row)
    {
        if (m_at < m_current.size()) {
            row = std::move(m_current[m_at++]);
            return true;
        }
        QMutexLocker lock(&m_mutex);
        while (m_queue.isEmpty() && !m_done)
            m_changed.wait(&m_mutex);
        if (!m_queue.isEmpty()) {
            m_current = m_queue.dequeue();
            m_changed.wakeAll();
            m_at = 1;
            row = std::move(m_current[0]);
            return true;
        }
        if (m_error)
            std::rethrow_exception(m_error);
        return false;
    }

private:
    static constexpr int kChunkRows = 1024;

    void push(QVector<QStringList> &&chunk)
    {
        QMutexLocker lock(&m_mutex);
        while (m_queue.size() >= 4 && !m_abandoned)
            m_changed.wait(&m_mutex);
        if (m_abandoned)
            return;
        m_queue.enqueue(std::move(chunk));
        m_changed.wakeAll();
    }

    QMutex m_mutex;
    QWaitCondition m_changed;
    QQueue<QVector<QStringList>> m_queue;
    QVector<QStringList> m_current; // the consumer's chunk, outside the lock
    int m_at = 0;
    bool m_done = false;
    bool m_abandoned = false;
    std::exception_ptr m_error;
    std::thread m_thread; // last: starts once the rest exists
};

} // namespace

QString kindName(RowChange::Kind kind)
{
    switch (kind) {
    case RowChange::Kind::Deleted:
        return QStringLiteral("deleted");
    case RowChange::Kind::Created:
        return QStringLiteral("created");
    case RowChange::Kind::New:
        return QStringLiteral("new");
    case RowChange::Kind::Changed:
        break;
    }
    return QStringLiteral("changed");
}

RowChange classifyRow(const TableShape &shape, const QString &key, const QString &before,
                      const QString &after)
{
    RowChange change;
    change.table = shape.table;
    change.key = key;
    change.before = before;
    change.after = after;
    if (before.isEmpty()) {
        change.kind = RowChange::Kind::Created;
    } else if (after.isEmpty()) {
        change.kind = RowChange::Kind::Deleted;
    } else {
        const QJsonObject old = QJsonDocument::fromJson(before.toUtf8()).object();
        const QJsonObject now = QJsonDocument::fromJson(after.toUtf8()).object();
        for (const ColumnShape &column : shape.columns)
            if (old.value(column.name) != now.value(column.name))
                change.changedColumns << column.name;
    }
    return change;
}

TableDiffer::TableDiffer(db::Session &live, db::Session &backup, const TableShape &shape,
                         const TableDiffOptions &options)
    : m_live(live)
    , m_backup(backup)
    , m_shape(shape)
    , m_options(options)
{
}

void TableDiffer::report(double fraction) const
{
    if (m_options.progress)
        m_options.progress(std::clamp(fraction, 0.0, 1.0));
}

// Cancels whatever either server is running for this diff, then stops.
void TableDiffer::stopIfCancelled()
{
    if (!m_options.cancel || !m_options.cancel->load())
        return;
    m_live.cancel();
    m_backup.cancel();
    throw UserError(QStringLiteral("The comparison of %1 was cancelled.").arg(m_shape.table),
                    QStringLiteral("Nothing was changed; run it again to see the whole diff."));
}

QString TableDiffer::keyColumn() const
{
    return quoteIdent(m_shape.key.first());
}

// Sets both sessions up for the first pass, one grouped scan of every row:
// the parts' hash table kept in memory (at PostgreSQL's default work_mem
// of 4 MB a grouping into millions of parts spills to disk in batches,
// which alone doubled the first pass; about 100 bytes a part), and JIT
// compilation for large tables (scanSettingsSql).
void TableDiffer::prepareFirstPass(qint64 rows, qint64 parts)
{
    const QString needed =
        QStringLiteral("%1kB").arg(std::max<qint64>(4096, parts * 100 / 1024 * 2));
    onBoth(m_live, m_backup, QStringLiteral("SELECT set_config('work_mem', $1, false)"), {needed});
    onBoth(m_live, m_backup, scanSettingsSql(rows));
}

// The short queries after the first pass are not worth compiling.
void TableDiffer::finishFirstPass()
{
    onBoth(m_live, m_backup, scanSettingsSql(0));
}

// The larger of both sides' row estimates (1 when never analysed).
qint64 TableDiffer::estimatedRows()
{
    const QString table = db::qualifiedTable(m_shape.schema, m_shape.table);
    const auto [live, backup] =
        onBoth(m_live, m_backup,
               QStringLiteral(
                   "SELECT greatest(reltuples, 1)::bigint FROM pg_class WHERE oid = %1::regclass")
                   .arg(db::sqlLiteral(table)));
    return std::max({qint64(1), live.rows.value(0).value(0).toLongLong(),
                     backup.rows.value(0).value(0).toLongLong()});
}

// The first pass: the whole key span in parts of about kFirstPartRows
// rows, one grouped scan per side.
QVector<TableDiffer::Range> TableDiffer::firstPass()
{
    const QString table = db::qualifiedTable(m_shape.schema, m_shape.table);
    const auto [liveBounds, backupBounds] =
        onBoth(m_live, m_backup,
               // Scalar subqueries, so that min and max are read off the key's
               // index (a join or GROUP BY here scans the whole table).
               QStringLiteral("SELECT (SELECT min(t.%1) FROM %2 AS t), (SELECT max(t.%1) FROM %2 "
                              "AS t)")
                   .arg(keyColumn(), table));
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    for (const auto &bounds : {liveBounds.rows.value(0), backupBounds.rows.value(0)})
        if (!bounds.value(0).isNull()) {
            lo = std::min(lo, bounds[0].toLongLong());
            hi = std::max(hi, bounds[1].toLongLong() + 1);
        }
    if (lo >= hi)
        return {};
    const qint64 rows = estimatedRows();
    prepareFirstPass(rows, rows / kFirstPartRows + 1);
    const qint64 width =
        std::max<qint64>(1, (hi - lo) / std::max<qint64>(1, rows / kFirstPartRows));
    return partsThatDiffer(QStringLiteral("(t.%1 - %2) / %3").arg(keyColumn()).arg(lo).arg(width),
                           (hi - lo) / width + 1, [&](qint64 part, qint64 count) {
                               const qint64 start = lo + part * width;
                               return Range{start, std::min(hi, start + width), count};
                           });
}

// For keys that cannot be cut into ranges by value (text, uuid, a
// composite key led by one): parts by a hash of the key instead. A part's
// rows are then spread over the table, so its keys are read back with a
// scan, a batch of parts per scan; memory still follows the differences.
QVector<TableDiffer::Range> TableDiffer::hashFirstPass()
{
    const qint64 rows = estimatedRows();
    m_hashParts = rows / kHashPartRows + 1;
    prepareFirstPass(rows, m_hashParts);
    return partsThatDiffer(hashPartExpression(m_hashParts), m_hashParts,
                           [](qint64 part, qint64 count) {
                               return Range{part, part + 1, count};
                           });
}

QString TableDiffer::hashPartExpression(qint64 parts) const
{
    // "% " is no placeholder for QString::arg: it stays SQL's modulo.
    return QStringLiteral("((hashtextextended(%1, 0) & 9223372036854775807) % %2)")
        .arg(keyTextExpression(m_shape, QStringLiteral("t")))
        .arg(parts);
}

// Both sides group their rows by `partExpression` (numbered 0..lastPart)
// and stream the parts' checksums in order; a merge keeps the parts that
// differ (one side only, or another count or sum).
QVector<TableDiffer::Range>
TableDiffer::partsThatDiffer(const QString &partExpression, qint64 lastPart,
                             const std::function<Range(qint64 part, qint64 rows)> &toRange)
{
    // The hash is computed below a fence (OFFSET 0) so that the grouping
    // sees a narrow row and PostgreSQL hashes the parts instead of sorting
    // every row; only the parts are sorted, for the merge.
    const QString sql =
        QStringLiteral("SELECT * FROM (\n"
                       "    SELECT part, count(*), bit_xor(h)::text FROM (\n"
                       "        SELECT %1 AS part, %2 AS h FROM %3 AS t OFFSET 0) AS rows\n"
                       "    GROUP BY 1 OFFSET 0) AS parts\n"
                       "ORDER BY 1")
            .arg(partExpression, rowHashExpression(m_shape, QStringLiteral("t")),
                 db::qualifiedTable(m_shape.schema, m_shape.table));
    ++m_stats.checksumQueries;
    QVector<Range> differing;
    const auto add = [&](qint64 part, qint64 count) {
        differing.append(toRange(part, count));
    };
    RowStream live(m_live, sql), backup(m_backup, sql);
    const auto merge = [&] {
        QStringList l, b;
        bool hasL = live.next(l), hasB = backup.next(b);
        qint64 merged = 0;
        while (hasL || hasB) {
            if (++merged % 4096 == 0) {
                stopIfCancelled();
                report(0.9 *
                       double(std::min(hasL ? l[0].toLongLong() : lastPart,
                                       hasB ? b[0].toLongLong() : lastPart)) /
                       double(lastPart));
            }
            const qint64 pl = hasL ? l[0].toLongLong() : std::numeric_limits<qint64>::max();
            const qint64 pb = hasB ? b[0].toLongLong() : std::numeric_limits<qint64>::max();
            if (pl < pb) {
                add(pl, l[1].toLongLong());
                hasL = live.next(l);
            } else if (pb < pl) {
                add(pb, b[1].toLongLong());
                hasB = backup.next(b);
            } else {
                if (l[1] != b[1] || l[2] != b[2])
                    add(pl, std::max(l[1].toLongLong(), b[1].toLongLong()));
                hasL = live.next(l);
                hasB = backup.next(b);
            }
        }
    };
    // Whatever stops the merge (a lost connection, a cancel) stops both
    // servers too: otherwise the other stream would be drained to its end.
    try {
        merge();
    } catch (...) {
        m_live.cancel();
        m_backup.cancel();
        throw;
    }
    return differing;
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

// The ranges' lower and (exclusive) upper bounds as two bigint[] parameters.
QStringList TableDiffer::boundsParams(const QVector<Range> &ranges)
{
    QStringList los, his;
    for (const Range &r : ranges) {
        los << QString::number(r.lo);
        his << QString::number(r.hi);
    }
    return {numberArray(los), numberArray(his)};
}

// One level down: every range cut into kSplit parts, checksummed in
// batches of ranges on both sides; the parts that differ come back.
QVector<TableDiffer::Range> TableDiffer::splitAndCompare(const QVector<Range> &ranges)
{
    QVector<Range> differing;
    for (int from = 0; from < ranges.size(); from += kBatchRanges) {
        const QVector<Range> batch = ranges.mid(from, kBatchRanges);
        QStringList widths;
        for (const Range &r : batch)
            widths << QString::number(std::max<qint64>(1, (r.hi - r.lo + kSplit - 1) / kSplit));
        const QString sql =
            QStringLiteral("SELECT r.i, (t.%1 - r.lo) / r.w AS part, count(*), bit_xor(%2)::text\n"
                           "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) WITH ORDINALITY "
                           "AS r (lo, hi, w, i)\n"
                           "CROSS JOIN LATERAL (SELECT * FROM %3 AS t WHERE t.%1 >= r.lo AND t.%1 "
                           "< r.hi OFFSET 0) AS t\n"
                           "GROUP BY 1, 2")
                .arg(keyColumn(), rowHashExpression(m_shape, QStringLiteral("t")),
                     db::qualifiedTable(m_shape.schema, m_shape.table));
        const QStringList params = boundsParams(batch) << numberArray(widths);
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

// One batch of small ranges, key by key: keys and hashes of both sides.
void TableDiffer::compareLeaves(const QVector<Range> &ranges, QStringList &differingKeys)
{
    const QString table = db::qualifiedTable(m_shape.schema, m_shape.table);
    QString sql;
    QStringList params;
    if (!m_shape.splittable()) {
        // Hash parts: their keys are spread over the table, one scan a batch.
        QStringList parts;
        for (const Range &r : ranges)
            parts << QString::number(r.lo);
        sql = QStringLiteral("SELECT %1, %2 FROM %3 AS t WHERE %4 = ANY ($1::bigint[])")
                  .arg(keyTextExpression(m_shape, QStringLiteral("t")),
                       rowHashExpression(m_shape, QStringLiteral("t")), table,
                       hashPartExpression(m_hashParts));
        params = {numberArray(parts)};
    } else {
        sql =
            QStringLiteral("SELECT %1, %2\nFROM unnest($1::bigint[], $2::bigint[]) AS r (lo, hi)\n"
                           "CROSS JOIN LATERAL (SELECT * FROM %3 AS t WHERE t.%4 >= r.lo AND t.%4 "
                           "< r.hi OFFSET 0) AS t")
                .arg(keyTextExpression(m_shape, QStringLiteral("t")),
                     rowHashExpression(m_shape, QStringLiteral("t")), table, keyColumn());
        params = boundsParams(ranges);
    }
    const auto [live, backup] = onBoth(m_live, m_backup, sql, params);
    m_stats.leafRanges += ranges.size();
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

bool TableDiffer::singleIntegerKey() const
{
    return m_shape.splittable() && m_shape.key.size() == 1;
}

qint64 TableDiffer::leafRows() const
{
    return singleIntegerKey() ? kArrayLeafRows : kLeafRows;
}

namespace {

// One side's leaf: its keys and hashes as two PostgreSQL int8 array texts
// in the same order ("{4,2}", "{-7,9}"; NULL when the range is empty),
// sorted here by key.
QVector<std::pair<qint64, qint64>> keysAndHashes(const QString &keys, const QString &hashes)
{
    QVector<std::pair<qint64, qint64>> pairs;
    if (keys.isNull())
        return pairs;
    const auto k = QStringView(keys).mid(1, keys.size() - 2).split(QLatin1Char(','));
    const auto h = QStringView(hashes).mid(1, hashes.size() - 2).split(QLatin1Char(','));
    if (k.size() != h.size())
        throw std::runtime_error("a leaf's keys and hashes differ in number");
    pairs.reserve(k.size());
    for (qsizetype i = 0; i < k.size(); ++i)
        pairs.append({k[i].toLongLong(), h[i].toLongLong()});
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

} // namespace

// Leaves of a single integer key: one row a range and side, its keys and
// hashes aggregated into two arrays by a plain aggregate over the key's
// index (a row a key, with its key as jsonb text, cost ten times more and
// forced first-pass parts to be split first). The keys that differ come
// back as decimal text.
void TableDiffer::compareArrayLeaves(const QVector<Range> &ranges, QStringList &differingIds)
{
    const QString sql =
        QStringLiteral("SELECT r.i, a.keys, a.hashes\n"
                       "FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS r (lo, hi, i)\n"
                       "CROSS JOIN LATERAL (SELECT array_agg(t.%1)::text AS keys, "
                       "array_agg(%2)::text AS hashes\n"
                       "    FROM %3 AS t WHERE t.%1 >= r.lo AND t.%1 < r.hi) AS a")
            .arg(keyColumn(), rowHashExpression(m_shape, QStringLiteral("t")),
                 db::qualifiedTable(m_shape.schema, m_shape.table));
    const auto [live, backup] = onBoth(m_live, m_backup, sql, boundsParams(ranges));
    m_stats.leafRanges += ranges.size();
    if (live.rows.size() != ranges.size() || backup.rows.size() != ranges.size())
        throw std::runtime_error("a leaf query returned another number of ranges");
    for (int i = 0; i < ranges.size(); ++i) {
        // Both sides list ranges in the order given (WITH ORDINALITY, a row each).
        const auto l = keysAndHashes(live.rows[i][1], live.rows[i][2]);
        const auto b = keysAndHashes(backup.rows[i][1], backup.rows[i][2]);
        m_stats.keysCompared += std::max(l.size(), b.size());
        qsizetype x = 0, y = 0;
        while (x < l.size() || y < b.size()) {
            if (y == b.size() || (x < l.size() && l[x].first < b[y].first)) {
                differingIds << QString::number(l[x++].first);
            } else if (x == l.size() || b[y].first < l[x].first) {
                differingIds << QString::number(b[y++].first);
            } else {
                if (l[x].second != b[y].second)
                    differingIds << QString::number(l[x].first);
                ++x;
                ++y;
            }
        }
    }
}

// The differing rows by their keys' jsonb text, in batches.
void TableDiffer::emitRows(const QStringList &keys,
                           const std::function<void(const RowChange &)> &onChange)
{
    const QString keyText = keyTextExpression(m_shape, QStringLiteral("t"));
    for (int from = 0; from < keys.size(); from += kRowBatch) {
        const QStringList batch = keys.mid(from, kRowBatch);
        QString where = QStringLiteral("%1 = ANY ($1::text[])").arg(keyText);
        QStringList params{db::textArrayLiteral(batch)};
        if (m_shape.splittable()) {
            // Through the primary key's index.
            QStringList firstKeys;
            for (const QString &key : batch)
                firstKeys << QString::number(QJsonDocument::fromJson(key.toUtf8())
                                                 .object()
                                                 .value(m_shape.key.first())
                                                 .toInteger());
            where += QStringLiteral(" AND t.%1 = ANY ($2::bigint[])")
                         .arg(quoteIdent(m_shape.key.first()));
            params << numberArray(firstKeys);
        }
        emitRowsWhere(where, params, onChange);
    }
}

// The differing rows of a single integer key, in batches.
void TableDiffer::emitRowsById(const QStringList &ids,
                               const std::function<void(const RowChange &)> &onChange)
{
    for (int from = 0; from < ids.size(); from += kRowBatch)
        emitRowsWhere(QStringLiteral("t.%1 = ANY ($1::bigint[])").arg(keyColumn()),
                      {numberArray(ids.mid(from, kRowBatch))}, onChange);
}

// Fetches the rows `where` selects on both sides and reports every key
// either side has, classified.
void TableDiffer::emitRowsWhere(const QString &where, QStringList params,
                                const std::function<void(const RowChange &)> &onChange)
{
    const QString keyText = keyTextExpression(m_shape, QStringLiteral("t"));
    const QString newer = newerThanBackupColumn(m_options.timeColumn, m_options.takenAt, params);
    const QString sql =
        QStringLiteral("SELECT %1, to_jsonb(t)::text, %4 FROM %2 AS t WHERE %3")
            .arg(keyText, db::qualifiedTable(m_shape.schema, m_shape.table), where, newer);
    const auto [live, backup] = onBoth(m_live, m_backup, sql, params);
    QHash<QString, QString> before, after;
    QSet<QString> newerThanBackup;
    QStringList keys; // live's, then the backup's own, each once
    for (const auto &row : live.rows) {
        after.insert(row[0], row[1]);
        keys << row[0];
        if (row[2] == u"t")
            newerThanBackup.insert(row[0]);
    }
    for (const auto &row : backup.rows) {
        before.insert(row[0], row[1]);
        if (!after.contains(row[0]))
            keys << row[0];
    }
    for (const QString &key : keys) {
        RowChange change = classifyRow(m_shape, key, before.value(key), after.value(key));
        if (change.kind == RowChange::Kind::Created && newerThanBackup.contains(key))
            change.kind = RowChange::Kind::New;
        onChange(change);
    }
}

TableDiffStats TableDiffer::run(const std::function<void(const RowChange &)> &onChange)
{
    // Level by level: what still differs is cut smaller until it is small
    // enough to compare key by key. Hash parts are not cut: each is a leaf.
    QStringList differing;
    QElapsedTimer clock;
    clock.start();
    QVector<Range> ranges;
    try {
        ranges = m_shape.splittable() ? firstPass() : hashFirstPass();
    } catch (...) {
        try {
            finishFirstPass(); // the sessions may serve other queries after a cancel
        } catch (...) {
            // the first failure is the one to report
        }
        throw;
    }
    finishFirstPass();
    m_stats.firstPassMs = clock.elapsed();
    while (!ranges.isEmpty()) {
        QVector<Range> split, leaves;
        for (const Range &r : ranges)
            (!m_shape.splittable() || r.rows <= leafRows() || r.hi - r.lo <= 1 ? leaves : split)
                .append(r);
        // A batch of leaves at a time, its rows printed before the next:
        // the client holds one batch, however many rows differ.
        for (int from = 0; from < leaves.size(); from += kBatchRanges) {
            stopIfCancelled();
            clock.restart();
            if (singleIntegerKey()) {
                compareArrayLeaves(leaves.mid(from, kBatchRanges), differing);
                m_stats.leavesMs += clock.restart();
                emitRowsById(differing, onChange);
            } else {
                compareLeaves(leaves.mid(from, kBatchRanges), differing);
                m_stats.leavesMs += clock.restart();
                emitRows(differing, onChange);
            }
            m_stats.rowsMs += clock.elapsed();
            differing.clear();
        }
        stopIfCancelled();
        ranges = split.isEmpty() ? QVector<Range>() : splitAndCompare(split);
    }
    report(1.0);
    return m_stats;
}

} // namespace payops::diff
