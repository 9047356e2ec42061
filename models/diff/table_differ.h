#pragma once

#include "diff/table_shape.h"

#include <functional>

namespace payops::db {
class Session;
}

namespace payops::diff {

// One row that differs between a backup and live data.
struct RowChange
{
    enum class Kind { Deleted, Created, Changed };
    Kind kind = Kind::Changed;
    QString table;
    QString key;    // canonical jsonb text of the primary key
    QString before; // the backup's row as jsonb text (empty when created)
    QString after;  // the live row as jsonb text (empty when deleted)
    QStringList changedColumns;
};
QString kindName(RowChange::Kind kind);

struct TableDiffStats
{
    int checksumQueries = 0; // per side
    int leafRanges = 0;      // ranges compared key by key
    qint64 keysCompared = 0; // keys fetched with their hashes, per side
};

// Diffs one table between live and a backup without pulling either to the
// client: both servers checksum key ranges (count and sum of row hashes)
// at the same time, ranges whose checksums differ are split and compared
// again, small ones are compared key by key, and only the differing rows
// are fetched. Client memory follows the differences, not the table
// (except for tables whose first key column is not an integer, which are
// compared key by key whole; see docs/DIFF.md).
class TableDiffer
{
public:
    // Both sessions must be read-only and not used elsewhere while this runs.
    TableDiffer(db::Session &live, db::Session &backup, const TableShape &shape);

    // Calls onChange for every differing row, in no particular order.
    TableDiffStats run(const std::function<void(const RowChange &)> &onChange);

    static constexpr int kParts = 64;         // ranges a range is split into
    static constexpr qint64 kLeafRows = 4000; // at most this many rows: compare key by key

private:
    struct Range
    {
        qint64 lo;
        qint64 hi; // exclusive
    };
    struct Part
    {
        Range range;
        qint64 rows; // on the side that has more
    };
    QVector<Part> mismatchedParts(const Range &range);
    void compareLeaf(const Range &range, QStringList &differingKeys);
    void emitRows(const QStringList &keys, const std::function<void(const RowChange &)> &onChange);

    db::Session &m_live;
    db::Session &m_backup;
    TableShape m_shape;
    TableDiffStats m_stats;
};

} // namespace payops::diff
