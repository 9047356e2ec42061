#pragma once

#include "core/result_table.h"

#include <QStringList>
#include <QVector>

#include <functional>
#include <utility>

namespace payops::diff {

// The pure part of TableDiffer (table_differ.h): how key spans are cut
// into parts, how both sides' part checksums are merged, and how leaves
// are compared key by key. No database here, so that each rule has a unit
// test of its own (tests/unit/test_key_ranges.cpp).

// Keys [lo, hi) (or, for keys cut by hash, parts [lo, hi)) and how many
// rows they hold on the side that has more.
struct KeyRange
{
    qint64 lo = 0;
    qint64 hi = 0; // exclusive
    qint64 rows = 0;
    bool operator==(const KeyRange &other) const
    {
        return lo == other.lo && hi == other.hi && rows == other.rows;
    }
};

// The keys both sides cover, [smallest min, largest max + 1), from each
// side's (min, max) row (key_bounds.sql; NULLs for an empty table). Empty
// (first >= second) when neither side has a row.
std::pair<qint64, qint64> keySpan(const QVector<QString> &liveBounds,
                                  const QVector<QString> &backupBounds);

// The width of the first pass's parts over keys [lo, hi) of a table of
// about `rows` rows: about `partRows` rows a part if the keys were dense,
// and at least one key.
qint64 firstPassWidth(qint64 lo, qint64 hi, qint64 rows, qint64 partRows);
// Part numbers of [lo, hi) cut `width` keys wide are all below this.
qint64 partLimit(qint64 lo, qint64 hi, qint64 width);
// The width of a range's parts when it is cut into `split`: rounded up,
// so that `split` parts cover it, and at least one key.
qint64 splitWidth(const KeyRange &range, qint64 split);
// Keys [lo, hi) cut into parts `width` keys wide, numbered from 0 at lo:
// the bounds of part `part` (the last one ends at hi).
std::pair<qint64, qint64> partBounds(qint64 lo, qint64 hi, qint64 width, qint64 part);

// Decimal numbers as a PostgreSQL array literal, for a bigint[] parameter: {1,2,3}.
QString numberArray(const QStringList &numbers);
// The ranges' lower and (exclusive) upper bounds as two bigint[] parameters.
QStringList boundsParams(const QVector<KeyRange> &ranges);

// The parts whose checksums differ between both sides' answers, rows of
// ([batch index,] part, count, checksum), the batch index there when the
// answer has four columns: each part one side lacks, or with another count
// or checksum, as the keys `bounds(batch index or 0, part)` gives, holding
// the larger count. In no particular order.
QVector<KeyRange>
differingParts(const ResultTable &live, const ResultTable &backup,
               const std::function<std::pair<qint64, qint64>(qint64, qint64)> &bounds);

// How often the merge of the first pass stops to let its caller check for
// a cancel and report progress: every this many rows, both sides together.
constexpr qint64 kMergeStep = 4096;
// The merge of the first pass: two streams of (part, count, checksum)
// rows, each sorted by part (next* fill a row and return false at the
// end). Calls differs(part, rows) for each part only one side has (with
// its count) or whose count or checksum differs (with the larger count),
// in part order. Every kMergeStep rows calls reached(part) with the
// smallest part either stream is at (lastPart for a stream at its end),
// where the caller may throw to stop.
void mergeSortedParts(const std::function<bool(QStringList &)> &nextLive,
                      const std::function<bool(QStringList &)> &nextBackup, qint64 lastPart,
                      const std::function<void(qint64 part, qint64 rows)> &differs,
                      const std::function<void(qint64 part)> &reached);

// Whether a differing range is compared key by key rather than cut again:
// parts cut by hash always are (they are never split), other ranges once
// they hold at most `leafRows` rows or a single key.
bool isLeaf(const KeyRange &range, bool splittable, qint64 leafRows);

// One side's array leaf (array_leaves.sql): its keys and hashes as two
// PostgreSQL int8 array texts in the same order ("{4,2}", "{-7,9}"; NULL
// when the range is empty), as (key, hash) pairs sorted by key. Throws
// std::runtime_error when the two arrays differ in length.
QVector<std::pair<qint64, qint64>> keysAndHashes(const QString &keys, const QString &hashes);
// The keys, as decimal text, that differ between both sides' sorted
// (key, hash) pairs: on one side only, or with another hash; in key order.
void appendDifferingIds(const QVector<std::pair<qint64, qint64>> &live,
                        const QVector<std::pair<qint64, qint64>> &backup, QStringList &differing);
// The same for leaves that come a row a key, (key text, hash): live's
// differing keys in live's order, then the keys only the backup has.
void appendDifferingKeys(const ResultTable &live, const ResultTable &backup,
                         QStringList &differing);

} // namespace payops::diff
