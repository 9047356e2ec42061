#include "diff/population_findings.h"

#include "db/sql_text.h"
#include "diff/diff_sql.h"
#include "schema/schema_profile.h"

#include <QLocale>

namespace payops::diff {

namespace {

constexpr int kFieldFindings = 5;    // the fields that changed in the most rows
constexpr qint64 kMediumRows = 1000; // a field changed in this many rows is medium

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n); // 1,800: as the findings panel writes counts
}

// A VALUES list as a query: SELECT * FROM (VALUES (...), ...) AS v (columns).
// Its files (values_list.sql, no_values.sql) have no comment: their text
// is the finding's SQL as the console shows it.
QString valuesSql(const QStringList &columns, const QVector<QStringList> &rows)
{
    if (rows.isEmpty()) {
        QStringList nulls;
        for (const QString &column : columns)
            nulls << QStringLiteral("NULL::text AS ") + column;
        return diffSql(QStringLiteral("no_values"),
                       {{QStringLiteral("nulls"), nulls.join(QStringLiteral(", "))}});
    }
    QStringList lines;
    for (const QStringList &row : rows) {
        QStringList values;
        for (const QString &value : row)
            values << db::sqlLiteral(value);
        lines << QLatin1Char('(') + values.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    return diffSql(QStringLiteral("values_list"),
                   {{QStringLiteral("rows"), lines.join(QStringLiteral(",\n"))},
                    {QStringLiteral("columns"), columns.join(QStringLiteral(", "))}});
}

Finding base(const QString &backupName, const BackupTime &backupTime)
{
    Finding f;
    f.detector = QStringLiteral("backup_diff");
    f.kind = QStringLiteral("backup_diff");
    f.windowStart = backupTime.takenAt;
    f.explanation = QStringLiteral("Compared with the backup %1, taken %2. ")
                        .arg(backupName, backupTime.describe());
    return f;
}

Finding usersWhoLostRows(const Population &population, const schema::SchemaProfile &profile,
                         const QString &backupName, const BackupTime &backupTime)
{
    Finding f = base(backupName, backupTime);
    QVector<std::pair<QString, qint64>> users;
    qint64 rows = 0;
    for (auto it = population.usersWhoLostRows.cbegin(); it != population.usersWhoLostRows.cend();
         ++it) {
        users.append({it.key(), it.value()});
        rows += it.value();
    }
    std::stable_sort(users.begin(), users.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    // Money records deleted or moved to someone else are never routine.
    qint64 moneyRows = 0;
    for (const QString &entity : {QStringLiteral("charges"), QStringLiteral("refunds"),
                                  QStringLiteral("payouts"), QStringLiteral("subscriptions")}) {
        if (!profile.tables.contains(entity))
            continue;
        const schema::TableMap &map = profile.table(entity);
        moneyRows += population.counts.value(map.table).value(QStringLiteral("deleted"));
        if (map.has(QStringLiteral("user")))
            moneyRows += population.changedFields.value(map.table + QLatin1Char('.') +
                                                        map.column(QStringLiteral("user")));
    }
    const QString accounts = profile.tables.contains(QStringLiteral("accounts"))
                                 ? profile.table(QStringLiteral("accounts")).table
                                 : QString();
    const qint64 accountsDeleted =
        population.counts.value(accounts).value(QStringLiteral("deleted"));
    f.severity = moneyRows > 0 ? Severity::High : Severity::Medium;
    // The rows listed are the users, one each with the records they lost.
    f.rowCount = users.size();
    f.userCount = users.size();
    if (moneyRows > 0)
        f.moneyNote = QStringLiteral("%1 money records, amounts not summed").arg(number(moneyRows));
    f.title =
        QStringLiteral("%1 users lost records since %2").arg(number(users.size()), backupName);
    f.explanation +=
        QStringLiteral("%1 records that belonged to them in the backup are gone or belong to "
                       "someone else now: %2 accounts deleted, %3 money records (charges, "
                       "refunds, payouts, subscriptions) deleted or moved to another owner. A "
                       "routine account closure keeps its records; a deletion or re-parenting "
                       "is what a restore from this backup can undo.")
            .arg(number(rows), number(accountsDeleted), number(moneyRows));
    QVector<QStringList> rowsOut;
    for (const auto &[user, lost] : users)
        rowsOut << QStringList{user, QString::number(lost)};
    f.rowsSql = valuesSql({QStringLiteral("user_id"), QStringLiteral("records_lost")}, rowsOut);
    f.usersSql = f.rowsSql;
    return f;
}

Finding fieldChanged(const Population &population, const QString &field, qint64 rows,
                     const QString &backupName, const BackupTime &backupTime)
{
    Finding f = base(backupName, backupTime);
    const auto &listed = population.changedValues.value(field);
    // The most common change of value, old to new, says what happened.
    QHash<std::pair<QString, QString>, qint64> transitions;
    for (const auto &change : listed)
        ++transitions[{change.before, change.after}];
    std::pair<QString, QString> top;
    qint64 topRows = 0;
    for (auto it = transitions.cbegin(); it != transitions.cend(); ++it)
        if (it.value() > topRows) {
            top = it.key();
            topRows = it.value();
        }
    f.severity = rows >= kMediumRows ? Severity::Medium : Severity::Low;
    f.rowCount = rows;
    f.dimension = field;
    f.title = QStringLiteral("%1 changed in %2 rows since %3").arg(field, number(rows), backupName);
    f.explanation +=
        QStringLiteral("The most common change, in %1 of the %2 rows listed: %3 to %4. A field "
                       "overwritten in many rows at once (statuses, assignees, owners) is how a "
                       "faulty job or migration shows in a diff.")
            .arg(number(topRows), number(listed.size()), top.first, top.second);
    QVector<QStringList> rowsOut;
    for (const auto &change : listed)
        rowsOut << QStringList{change.key, change.before, change.after};
    f.rowsSql = valuesSql(
        {QStringLiteral("row_key"), QStringLiteral("in_backup"), QStringLiteral("live")}, rowsOut);
    return f;
}

Finding createdBeforeTheBackup(const Population &population, const QString &backupName,
                               const BackupTime &backupTime)
{
    Finding f = base(backupName, backupTime);
    QVector<QStringList> rowsOut;
    QStringList tables;
    for (auto it = population.createdKeys.cbegin(); it != population.createdKeys.cend(); ++it) {
        tables << QStringLiteral("%1 (%2)").arg(
            it.key(), number(population.counts.value(it.key()).value(QStringLiteral("created"))));
        f.rowCount += population.counts.value(it.key()).value(QStringLiteral("created"));
        for (const QString &key : it.value())
            rowsOut << QStringList{it.key(), key};
    }
    f.severity = Severity::Low;
    f.title = QStringLiteral("%1 live rows are missing from %2 yet not dated after it")
                  .arg(number(f.rowCount), backupName);
    f.explanation +=
        QStringLiteral("Rows only live whose time is not after the backup, or that have no "
                       "time column the console knows: %1. Usually tables without a creation "
                       "time; otherwise rows written with an old date, or a backup that is "
                       "not complete.")
            .arg(tables.join(QStringLiteral(", ")));
    f.rowsSql = valuesSql({QStringLiteral("table_name"), QStringLiteral("row_key")}, rowsOut);
    return f;
}

} // namespace

QVector<Finding> populationFindings(const Population &population,
                                    const schema::SchemaProfile &profile, const QString &backupName,
                                    const BackupTime &backupTime)
{
    QVector<Finding> findings;
    if (!population.usersWhoLostRows.isEmpty())
        findings << usersWhoLostRows(population, profile, backupName, backupTime);
    QVector<std::pair<QString, qint64>> fields;
    for (auto it = population.changedFields.cbegin(); it != population.changedFields.cend(); ++it)
        fields.append({it.key(), it.value()});
    std::stable_sort(fields.begin(), fields.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    for (const auto &[field, rows] : fields.mid(0, kFieldFindings))
        findings << fieldChanged(population, field, rows, backupName, backupTime);
    if (!population.createdKeys.isEmpty())
        findings << createdBeforeTheBackup(population, backupName, backupTime);
    return findings;
}

} // namespace payops::diff
