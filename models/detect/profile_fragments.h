#pragma once

#include "detect/scan_options.h"
#include "schema/schema_profile.h"

#include <QDateTime>
#include <QHash>

namespace payops::detect {

// Quoted SQL fragments for one mapped table, keyed for renderSql():
// {prefix_table} is "schema"."table", {prefix_ROLE} a quoted column name,
// {prefix_currency} the currency expression (a column of `alias` or the
// profile's fixed currency), {prefix_amount} likewise.
QHash<QString, QString> entityFragments(const schema::SchemaProfile &profile, const QString &entity,
                                        const QString &prefix, const QString &alias);

// What the record detectors' templates use for one mapped table read under
// `alias`: entityFragments(), plus {entity} for the table, {prefix_amount}
// as the bare column name (the templates qualify it), {prefix_succeeded}
// (valueCondition on succeeded_values), and {since} and {until} for the
// scan's window.
QHash<QString, QString> recordFragments(const schema::SchemaProfile &profile, const QString &entity,
                                        const QString &prefix, const QString &alias,
                                        const ScanOptions &options);
// {since} and {until} of the scan's window, as literals (open ends are
// -infinity and infinity).
QHash<QString, QString> windowFragments(const ScanOptions &options);
// "alias.column >= since AND alias.column < until", or true for a scan of
// everything (no time test at all, so that key-only plans stay possible).
QString windowCondition(const QString &alias, const QString &column, const ScanOptions &options);

// Account fragments shared by several detectors (alias a): key, whether the
// account is closed or deleted, when, its sentinel flag, email and name.
QHash<QString, QString> accountFragments(const schema::SchemaProfile &profile);

// `condition` when the table maps a status with its value list, else true:
// e.g. c."status"::text IN ('succeeded').
QString valueCondition(const schema::TableMap &map, const QString &alias, const QString &role,
                       const QString &valuesKey);

// A dimension's NULL is a value of its own among the values that may
// explain an anomaly, shown as this word.
inline const QString &noValueWord()
{
    static const QString word = QStringLiteral("(none)");
    return word;
}
// The rows of `alias` whose column holds `value`, as read back from a
// dimension: alias.column::text = 'value', or alias.column IS NULL for
// noValueWord().
QString dimensionValueCondition(const QString &alias, const QString &column, const QString &value);

// The currency expression of a stream or table: alias.column, 'EUR' or NULL.
QString currencyExpression(const QString &alias, const QString &column, const QString &fixed);

} // namespace payops::detect
