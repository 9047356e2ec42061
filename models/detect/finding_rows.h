#pragma once

#include "core/finding.h"
#include "schema/schema_profile.h"

namespace payops::db {
class Session;
}

namespace payops::detect {

// Sessions run with TimeZone UTC: "2026-04-12 10:00:00.123+00" -> UTC time.
QDateTime parseUtc(const QString &text);
// "2026-04-18 11:02" for explanations.
QString displayTime(const QDateTime &time);

// Fills a finding's counts, users, per-currency totals and time window from
// its own rowsSql (so what it says is what its rows show), and sets its
// summary and affected-users SQL. Returns false when there are no rows.
bool fillFromRows(db::Session &session, const schema::SchemaProfile &profile, Finding &finding);

QString summarySqlFor(const QString &rowsSql);
// The finding's rows in time order, for printing.
QString orderedRowsSql(const QString &rowsSql);
// The rows SQL of a watched column (resources/sql/detect/column_rows.sql)
// whose rows meet `condition` (SQL over alias t).
QString columnRowsSql(const schema::SchemaProfile &profile, const schema::ColumnCheck &check,
                      const QString &condition);
// The finding's rows within one bucket of its chart (at in [start, start + seconds)).
QString rowsInBucketSql(const QString &rowsSql, const QDateTime &start, int seconds);
QString usersSqlFor(const QString &rowsSql, const schema::SchemaProfile &profile);

} // namespace payops::detect
