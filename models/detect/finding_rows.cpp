#include "detect/finding_rows.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/profile_fragments.h"

#include <QTimeZone>

namespace payops::detect {

QDateTime parseUtc(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime value = QDateTime::fromString(
        text.left(19).replace(QLatin1Char(' '), QLatin1Char('T')), Qt::ISODate);
    value.setTimeZone(QTimeZone::utc());
    return value;
}

QString displayTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString summarySqlFor(const QString &rowsSql)
{
    return db::renderSql(db::sqlResource(QStringLiteral("detect/finding_summary")),
                         {{QStringLiteral("rows"), rowsSql.trimmed()}});
}

QString orderedRowsSql(const QString &rowsSql)
{
    return QStringLiteral("SELECT * FROM (\n%1\n) AS r ORDER BY r.at, r.row_key")
        .arg(rowsSql.trimmed());
}

QString columnRowsSql(const schema::SchemaProfile &profile, const schema::ColumnCheck &check,
                      const QString &condition)
{
    using db::quoteIdent;
    return db::renderSql(
        db::sqlResource(QStringLiteral("detect/column_rows")),
        {{QStringLiteral("table"), db::qualifiedTable(profile.schema, check.table)},
         {QStringLiteral("key"), quoteIdent(check.key)},
         {QStringLiteral("user"), check.user.isEmpty()
                                      ? QStringLiteral("NULL")
                                      : QStringLiteral("t.") + quoteIdent(check.user)},
         {QStringLiteral("time"), quoteIdent(check.time)},
         {QStringLiteral("column"), quoteIdent(check.column)},
         {QStringLiteral("condition"), condition}});
}

QString rowsInBucketSql(const QString &rowsSql, const QDateTime &start, int seconds)
{
    return QStringLiteral("SELECT * FROM (\n%1\n) AS r\nWHERE r.at >= %2 AND r.at < %3")
        .arg(rowsSql.trimmed(), db::timeLiteral(start), db::timeLiteral(start.addSecs(seconds)));
}

QString usersSqlFor(const QString &rowsSql, const schema::SchemaProfile &profile)
{
    QHash<QString, QString> f = accountFragments(profile);
    f.insert(QStringLiteral("rows"), rowsSql.trimmed());
    return db::renderSql(db::sqlResource(QStringLiteral("detect/affected_users")), f) +
           QStringLiteral("\nORDER BY sum(r.amount_minor) DESC NULLS LAST, count(*) DESC");
}

bool fillFromRows(db::Session &session, const schema::SchemaProfile &profile, Finding &finding)
{
    finding.summarySql = summarySqlFor(finding.rowsSql);
    finding.usersSql = usersSqlFor(finding.rowsSql, profile);
    const ResultTable summary = session.query(finding.summarySql);
    finding.rowCount = 0;
    finding.totals = MoneyTotals();
    for (const auto &row : summary.rows) {
        // currency, rows, users, amount_minor, first_at, last_at, overall
        if (row[6] == u"1") {
            finding.rowCount = row[1].toLongLong();
            finding.userCount = row[2].toLongLong();
            if (finding.rowCount > 0) { // the rows' own span is the exact window
                finding.windowStart = parseUtc(row[4]);
                finding.windowEnd = parseUtc(row[5]);
            }
        } else if (!row[0].isNull()) {
            // sum() is numeric: a total past int64 is refused, never read as 0.
            const QString currency = row[0].trimmed();
            const qint64 minor = Money::parseMinor(row[3], currency);
            if (minor != 0)
                finding.totals.add(currency, minor);
        }
    }
    return finding.rowCount > 0;
}

} // namespace payops::detect
