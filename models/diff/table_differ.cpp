#include "diff/table_differ.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "diff/backup_check.h"
#include "diff/diff_sql.h"
#include "diff/key_ranges.h"
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

// How often a piece of a comparison that a standby cancelled runs again.
constexpr int kPieceAttempts = 5;

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
            bool pushed = false;
            try {
                session.copyOut(
                    sql,
                    [this, &chunk, &pushed](const QStringList &row) {
                        chunk.append(row);
                        if (chunk.size() == kChunkRows) {
                            push(std::move(chunk));
                            chunk = {};
                            pushed = true;
                        }
                    },
                    // A standby's recovery conflict: the statement runs
                    // again only while nothing has reached the merge.
                    [&chunk, &pushed] {
                        if (pushed)
                            return false;
                        chunk.clear();
                        return true;
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
    onBoth(m_live, m_backup, diffSql(QStringLiteral("work_mem")), {needed});
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
               diffSql(QStringLiteral("estimated_rows"),
                       {{QStringLiteral("table_literal"), db::sqlLiteral(table)}}));
    return std::max({qint64(1), live.rows.value(0).value(0).toLongLong(),
                     backup.rows.value(0).value(0).toLongLong()});
}

// The first pass: the whole key span in parts of about kFirstPartRows
// rows, one grouped scan per side.
QVector<KeyRange> TableDiffer::firstPass()
{
    const auto [liveBounds, backupBounds] = onBoth(
        m_live, m_backup,
        diffSql(QStringLiteral("key_bounds"),
                {{QStringLiteral("key"), keyColumn()},
                 {QStringLiteral("table"), db::qualifiedTable(m_shape.schema, m_shape.table)}}));
    const auto [lo, hi] = keySpan(liveBounds.rows.value(0), backupBounds.rows.value(0));
    if (lo >= hi)
        return {};
    const qint64 rows = estimatedRows();
    prepareFirstPass(rows, rows / kFirstPartRows + 1);
    const qint64 width = firstPassWidth(lo, hi, rows, kFirstPartRows);
    return partsThatDiffer(QStringLiteral("(t.%1 - %2) / %3").arg(keyColumn()).arg(lo).arg(width),
                           partLimit(lo, hi, width), [&](qint64 part, qint64 count) {
                               const auto [start, end] = partBounds(lo, hi, width, part);
                               return KeyRange{start, end, count};
                           });
}

// For keys that cannot be cut into ranges by value (text, uuid, a
// composite key led by one): parts by a hash of the key instead. A part's
// rows are then spread over the table, so its keys are read back with a
// scan, a batch of parts per scan; memory still follows the differences.
QVector<KeyRange> TableDiffer::hashFirstPass()
{
    const qint64 rows = estimatedRows();
    m_hashParts = rows / kHashPartRows + 1;
    prepareFirstPass(rows, m_hashParts);
    return partsThatDiffer(hashPartExpression(m_hashParts), m_hashParts,
                           [](qint64 part, qint64 count) {
                               return KeyRange{part, part + 1, count};
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
QVector<KeyRange>
TableDiffer::partsThatDiffer(const QString &partExpression, qint64 lastPart,
                             const std::function<KeyRange(qint64 part, qint64 rows)> &toRange)
{
    const QString sql =
        diffSql(QStringLiteral("part_checksums"),
                {{QStringLiteral("part"), partExpression},
                 {QStringLiteral("row_hash"), rowHashExpression(m_shape, QStringLiteral("t"))},
                 {QStringLiteral("table"), db::qualifiedTable(m_shape.schema, m_shape.table)}});
    // The merge streams a whole table's parts, so a standby's recovery
    // conflict midway cannot be retried statement by statement: the piece
    // runs again from its start, a bounded number of times.
    for (int attempt = 1;; ++attempt) {
        ++m_stats.checksumQueries;
        QVector<KeyRange> differing;
        RowStream live(m_live, sql), backup(m_backup, sql);
        // Whatever stops the merge (a lost connection, a cancel) stops both
        // servers too: otherwise the other stream would be drained to its end.
        try {
            mergeSortedParts(
                [&](QStringList &row) { return live.next(row); },
                [&](QStringList &row) { return backup.next(row); }, lastPart,
                [&](qint64 part, qint64 count) { differing.append(toRange(part, count)); },
                [&](qint64 reached) {
                    stopIfCancelled();
                    report(0.9 * double(reached) / double(lastPart));
                });
        } catch (const db::RecoveryConflict &) {
            m_live.cancel();
            m_backup.cancel();
            if (attempt >= kPieceAttempts)
                throw;
            continue;
        } catch (...) {
            m_live.cancel();
            m_backup.cancel();
            throw;
        }
        return differing;
    }
}

// One level down: every range cut into kSplit parts, checksummed in
// batches of ranges on both sides; the parts that differ come back.
QVector<KeyRange> TableDiffer::splitAndCompare(const QVector<KeyRange> &ranges)
{
    QVector<KeyRange> differing;
    const QString sql =
        diffSql(QStringLiteral("split_checksums"),
                {{QStringLiteral("key"), keyColumn()},
                 {QStringLiteral("row_hash"), rowHashExpression(m_shape, QStringLiteral("t"))},
                 {QStringLiteral("table"), db::qualifiedTable(m_shape.schema, m_shape.table)}});
    for (int from = 0; from < ranges.size(); from += kBatchRanges) {
        const QVector<KeyRange> batch = ranges.mid(from, kBatchRanges);
        QStringList widths;
        for (const KeyRange &r : batch)
            widths << QString::number(splitWidth(r, kSplit));
        const QStringList params = boundsParams(batch) << numberArray(widths);
        const auto [live, backup] = onBoth(m_live, m_backup, sql, params);
        ++m_stats.checksumQueries;
        differing << differingParts(live, backup, [&](qint64 index, qint64 part) {
            const KeyRange &r = batch[int(index) - 1];
            return partBounds(r.lo, r.hi, widths[int(index) - 1].toLongLong(), part);
        });
    }
    return differing;
}

// One batch of small ranges, key by key: keys and hashes of both sides.
void TableDiffer::compareLeaves(const QVector<KeyRange> &ranges, QStringList &differingKeys)
{
    QHash<QString, QString> fragments{
        {QStringLiteral("key_text"), keyTextExpression(m_shape, QStringLiteral("t"))},
        {QStringLiteral("row_hash"), rowHashExpression(m_shape, QStringLiteral("t"))},
        {QStringLiteral("table"), db::qualifiedTable(m_shape.schema, m_shape.table)}};
    QString sql;
    QStringList params;
    if (!m_shape.splittable()) {
        // Hash parts: their keys are spread over the table, one scan a batch.
        QStringList parts;
        for (const KeyRange &r : ranges)
            parts << QString::number(r.lo);
        fragments.insert(QStringLiteral("part"), hashPartExpression(m_hashParts));
        sql = diffSql(QStringLiteral("hash_part_leaves"), fragments);
        params = {numberArray(parts)};
    } else {
        fragments.insert(QStringLiteral("key"), keyColumn());
        sql = diffSql(QStringLiteral("range_leaves"), fragments);
        params = boundsParams(ranges);
    }
    const auto [live, backup] = onBoth(m_live, m_backup, sql, params);
    m_stats.leafRanges += ranges.size();
    m_stats.keysCompared += std::max(live.rows.size(), backup.rows.size());
    appendDifferingKeys(live, backup, differingKeys);
}

bool TableDiffer::singleIntegerKey() const
{
    return m_shape.splittable() && m_shape.key.size() == 1;
}

qint64 TableDiffer::leafRows() const
{
    return singleIntegerKey() ? kArrayLeafRows : kLeafRows;
}

// Leaves of a single integer key: one row a range and side, its keys and
// hashes aggregated into two arrays by a plain aggregate over the key's
// index (a row a key, with its key as jsonb text, cost ten times more and
// forced first-pass parts to be split first). The keys that differ come
// back as decimal text.
void TableDiffer::compareArrayLeaves(const QVector<KeyRange> &ranges, QStringList &differingIds)
{
    const QString sql =
        diffSql(QStringLiteral("array_leaves"),
                {{QStringLiteral("key"), keyColumn()},
                 {QStringLiteral("row_hash"), rowHashExpression(m_shape, QStringLiteral("t"))},
                 {QStringLiteral("table"), db::qualifiedTable(m_shape.schema, m_shape.table)}});
    const auto [live, backup] = onBoth(m_live, m_backup, sql, boundsParams(ranges));
    m_stats.leafRanges += ranges.size();
    if (live.rows.size() != ranges.size() || backup.rows.size() != ranges.size())
        throw std::runtime_error("a leaf query returned another number of ranges");
    for (int i = 0; i < ranges.size(); ++i) {
        // Both sides list ranges in the order given (WITH ORDINALITY, a row each).
        const auto l = keysAndHashes(live.rows[i][1], live.rows[i][2]);
        const auto b = keysAndHashes(backup.rows[i][1], backup.rows[i][2]);
        m_stats.keysCompared += std::max(l.size(), b.size());
        appendDifferingIds(l, b, differingIds);
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
        diffSql(QStringLiteral("differing_rows"),
                {{QStringLiteral("key_text"), keyText},
                 {QStringLiteral("table"), db::qualifiedTable(m_shape.schema, m_shape.table)},
                 {QStringLiteral("where"), where},
                 {QStringLiteral("newer"), newer}});
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
    QVector<KeyRange> ranges;
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
        QVector<KeyRange> split, leaves;
        for (const KeyRange &r : ranges)
            (isLeaf(r, m_shape.splittable(), leafRows()) ? leaves : split).append(r);
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
        ranges = split.isEmpty() ? QVector<KeyRange>() : splitAndCompare(split);
    }
    report(1.0);
    return m_stats;
}

} // namespace payops::diff
