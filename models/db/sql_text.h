#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>

// The one place that writes names and values into SQL text. Everything
// else binds values as parameters; what must be text (a profile's table
// and column names, the few literals of a finding's self-contained SQL, a
// role in a GRANT) goes through these functions. Plain Qt: no libpqxx.
namespace payops::db {

// PostgreSQL's quote_ident rule, always applied: "name" with embedded quotes
// doubled. Every identifier reaches SQL only through this. Throws UserError
// for names PostgreSQL cannot hold (empty, NUL, over 63 bytes).
QString quoteIdent(const QString &name);
// "schema"."table"
QString qualifiedTable(const QString &schema, const QString &table);

// A string literal by quote_literal's rule for standard_conforming_strings
// on (which every Session pins): 'it''s'. Throws UserError on NUL. Used only
// for the few values of a finding's self-contained SQL.
QString sqlLiteral(const QString &value);
// 'a', 'b', 'c' for IN (...). Throws on an empty list.
QString sqlLiteralList(const QStringList &values);
// timestamptz '2026-04-18 11:00:00+00'; '-infinity' for a null time.
QString timeLiteral(const QDateTime &time);
// The same, but 'infinity' for a null time: the open end of a window.
QString untilLiteral(const QDateTime &time);

// A PostgreSQL array literal ({"a","b"}) for binding a list as one text[]
// parameter: elements double-quoted with quotes and backslashes escaped.
QString textArrayLiteral(const QStringList &values);

// Fills {placeholder}s in a SQL template with already-quoted fragments. An
// unknown or unfilled placeholder is a programming error and throws, so no
// template runs half-rendered.
QString renderSql(const QString &sqlTemplate, const QHash<QString, QString> &fragments);
// The names of the {placeholder}s a template holds, each once, in order of
// first appearance (what renderSql() will ask fragments for).
QStringList sqlPlaceholders(const QString &sqlTemplate);

} // namespace payops::db
