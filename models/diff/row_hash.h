#pragma once

#include "diff/table_shape.h"

namespace payops::diff {

// What both sides hash, defined once so that a restore compares equal to
// its source (docs/DIFF.md): hash_record_extended of the row's columns in
// order, each in a form that hashes by value:
//   - enums as their labels (their OIDs differ after a restore),
//   - numerics as they are (hash_numeric ignores trailing zeros),
//   - timestamps as they are (the instant, never the session's TimeZone),
//   - json as jsonb, and types without a hash function as text,
//   - NULL as NULL, never the text 'null'.
QString canonicalColumn(const ColumnShape &column, const QString &alias);
QString rowHashExpression(const TableShape &shape, const QString &alias);
// The checksum of a set of rows: count(*) and the XOR of their hashes (an
// exact integer aggregate, cheaper than a numeric sum; the count catches
// what XOR alone cannot, and keys are primary keys, so no row repeats).
QString checksumColumns(const QString &hashExpression);
// The whole table's checksum, the least any diff has to compute.
QString wholeTableChecksumSql(const TableShape &shape);
// Session settings for a query that hashes every row of a table of about
// `rows` rows, or, with 0, for the short queries after it. Shared by the
// diff's first pass and the benchmark's whole-table checksum, so that both
// are measured alike (docs/BENCHMARKS.md).
QString scanSettingsSql(qint64 rows);

// The key as canonical jsonb text: {"id": 5} or {"account_id": 7, "service_id": 2}.
QString keyTextExpression(const TableShape &shape, const QString &alias);

} // namespace payops::diff
