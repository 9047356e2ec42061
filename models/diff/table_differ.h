#pragma once

#include "core/result_table.h"
#include "diff/key_ranges.h"
#include "diff/table_shape.h"

#include <QDateTime>

#include <atomic>
#include <functional>

namespace payops::db {
class Session;
}

namespace payops::diff {

// One row that differs between a backup and live data.
struct RowChange
{
    // Created: live only, and not known to be newer than the backup (no
    // time column, or a time before the backup was taken: worth a look).
    // New: live only and created after the backup was taken: normal
    // activity, not a loss.
    enum class Kind { Deleted, Created, Changed, New };
    Kind kind = Kind::Changed;
    QString table;
    QString key;    // canonical jsonb text of the primary key
    QString before; // the backup's row as jsonb text (empty when created)
    QString after;  // the live row as jsonb text (empty when deleted)
    QStringList changedColumns;
};
QString kindName(RowChange::Kind kind);
// One key's rows on both sides (jsonb text; empty when absent) as a change:
// created, deleted, or changed with the columns whose values differ (none
// when the rows are the same).
RowChange classifyRow(const TableShape &shape, const QString &key, const QString &before,
                      const QString &after);

// What a table diff may know besides the two tables, and how it reports.
struct TableDiffOptions
{
    QString timeColumn; // when a row was created; with takenAt, tells new rows from created ones
    QDateTime takenAt;  // when the backup was taken
    std::function<void(double)> progress;     // 0..1, from the thread that runs the diff
    const std::atomic_bool *cancel = nullptr; // set from any thread: run() stops with UserError
};

struct TableDiffStats
{
    int checksumQueries = 0; // per side
    qint64 leafRanges = 0;   // ranges compared key by key
    qint64 keysCompared = 0; // keys fetched with their hashes, per side
    qint64 firstPassMs = 0;  // wall time of the first pass, both sides
    qint64 leavesMs = 0;     // of the key-by-key comparisons
    qint64 rowsMs = 0;       // of fetching and classifying the differing rows
};

// Diffs one table between live and a backup without pulling either to the
// client: both servers checksum key ranges of about 32 rows (count and
// XOR of row hashes) in one grouped pass each, at the same time, streamed
// and merged in order so that only the differing ranges are kept; ranges
// that still hold many rows (sparse keys) are cut smaller level by level,
// many per query; the rest are compared key by key, and only the
// differing rows are fetched. Client memory follows the differences, not the
// table. Keys whose first column is not an integer are cut into parts by a
// hash of the key instead of by value (docs/DIFF.md). Its pure rules (the
// cutting, the merge, the leaves) are in key_ranges.h.
class TableDiffer
{
public:
    // Both sessions must be read-only and not used elsewhere while this runs.
    TableDiffer(db::Session &live, db::Session &backup, const TableShape &shape,
                const TableDiffOptions &options = {});

    // Calls onChange for every differing row, in no particular order.
    TableDiffStats run(const std::function<void(const RowChange &)> &onChange);

    // Rows per part of the first pass, about. Each part costs about 2 us
    // in the first pass (grouping, sorting, sending, merging) and each row
    // of a differing part about 2 us in the leaves, so with 0.1% of rows
    // differing the two balance near 30 rows (docs/BENCHMARKS.md).
    static constexpr qint64 kFirstPartRows = 32;
    // Rows per part when keys are cut by hash: such parts are never split,
    // so they stay small leaves.
    static constexpr qint64 kHashPartRows = 16;
    static constexpr qint64 kSplit = 16; // a differing part is cut into this many
    // At most this many rows: compare key by key. A single integer key's
    // leaves come back as two arrays a range (keys and hashes), cheap
    // enough for whole first-pass parts; other keys come a row each.
    static constexpr qint64 kArrayLeafRows = 128;
    static constexpr qint64 kLeafRows = 32;
    // Ranges per query. The client holds one batch of leaves with their
    // keys and rows at a time, so this bounds its memory: at 500 it is the
    // same at 1M and 10M rows (2,000 left small diffs' batches half full
    // and memory growing with the table; docs/BENCHMARKS.md).
    static constexpr int kBatchRanges = 500;
    static constexpr int kRowBatch = 2000; // differing rows fetched whole per query

private:
    QString keyColumn() const;
    QVector<KeyRange> firstPass();
    QVector<KeyRange> hashFirstPass();
    QString hashPartExpression(qint64 parts) const;
    QVector<KeyRange>
    partsThatDiffer(const QString &partExpression, qint64 lastPart,
                    const std::function<KeyRange(qint64 part, qint64 rows)> &toRange);
    qint64 estimatedRows();
    void prepareFirstPass(qint64 rows, qint64 parts);
    void finishFirstPass();
    QVector<KeyRange> splitAndCompare(const QVector<KeyRange> &ranges);
    bool singleIntegerKey() const;
    qint64 leafRows() const;
    // Both take one batch of at most kBatchRanges ranges.
    void compareLeaves(const QVector<KeyRange> &ranges, QStringList &differingKeys);
    void compareArrayLeaves(const QVector<KeyRange> &ranges, QStringList &differingIds);
    void emitRows(const QStringList &keys, const std::function<void(const RowChange &)> &onChange);
    void emitRowsById(const QStringList &ids,
                      const std::function<void(const RowChange &)> &onChange);
    void emitRowsWhere(const QString &where, QStringList params,
                       const std::function<void(const RowChange &)> &onChange);
    void report(double fraction) const;
    void stopIfCancelled();

    db::Session &m_live;
    db::Session &m_backup;
    TableShape m_shape;
    TableDiffOptions m_options;
    qint64 m_hashParts = 1; // parts of the hash pass (keys that are not integers)
    TableDiffStats m_stats;
};

} // namespace payops::diff
