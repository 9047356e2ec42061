#pragma once

#include "diff/table_shape.h"

namespace payops::diff {

// What both sides hash, defined once so that a restore compares equal to
// its source (docs/DIFF.md): every column as canonical JSON in column
// order, then hashtextextended of that text.
//   - enums as their labels (their OIDs differ after a restore),
//   - numerics without trailing zeros (1.50 and 1.5 are the same amount),
//   - timestamps as UTC text in one fixed format (never the session's
//     TimeZone or DateStyle),
//   - json as jsonb (key order and spacing do not matter),
//   - NULL as JSON null, never the string "null".
QString canonicalColumn(const ColumnShape &column, const QString &alias);
QString rowHashExpression(const TableShape &shape, const QString &alias);
// The key as canonical jsonb text: {"id": 5} or {"account_id": 7, "service_id": 2}.
QString keyTextExpression(const TableShape &shape, const QString &alias);

} // namespace payops::diff
