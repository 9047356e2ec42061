#include "diff/user_diff.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "diff/backup_check.h"
#include "diff/row_hash.h"
#include "schema/schema_profile.h"

#include <QHash>
#include <QSet>

namespace payops::diff {

using db::quoteIdent;

QVector<UserTable> userTables(db::Session &live, const QString &schema,
                              const QString &accountsTable, const QString &accountKey,
                              const QString &userColumnName)
{
    QVector<UserTable> tables{{accountsTable, accountKey, {}, {}, {}, {}}};
    // Columns that reference the accounts by a foreign key, or carry the
    // profile's user column name (legacy tables often lack the key).
    const ResultTable rows = live.query(
        QStringLiteral(
            "SELECT DISTINCT c.relname, a.attname\n"
            "FROM pg_class c\n"
            "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped\n"
            "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> $2\n"
            "  AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)\n"
            "  AND (a.attname = $3 OR EXISTS (\n"
            "      SELECT 1 FROM pg_constraint k JOIN pg_class f ON f.oid = k.confrelid\n"
            "      WHERE k.conrelid = c.oid AND k.contype = 'f' AND f.relname = $2 AND k.conkey = "
            "ARRAY[a.attnum]))\n"
            "ORDER BY 1, 2"),
        {schema, accountsTable, userColumnName});
    for (const auto &row : rows.rows)
        tables.append({row[0], row[1], {}, {}, {}, {}});
    return tables;
}

QVector<UserTable> userTablesFromProfile(db::Session &live, const schema::SchemaProfile &profile)
{
    const schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
    const schema::TableMap &refunds = profile.table(QStringLiteral("refunds"));
    // A database the profile does not describe has no users to speak of.
    if (!tableExists(live, db::qualifiedTable(profile.schema, accounts.table)))
        return {};
    QVector<UserTable> tables =
        userTables(live, profile.schema, accounts.table, accounts.column(QStringLiteral("key")),
                   charges.column(QStringLiteral("user")));
    if (refunds.isMapped())
        addThrough(tables, refunds.table, refunds.column(QStringLiteral("charge")), charges.table,
                   charges.column(QStringLiteral("key")), charges.column(QStringLiteral("user")));
    for (UserTable &t : tables)
        t.timeColumn = creationTimeColumn(readTableShape(live, profile.schema, t.table), profile);
    return tables;
}

QStringList findUsers(db::Session &live, db::Session &backup, const schema::SchemaProfile &profile,
                      const QString &text)
{
    const schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    QStringList matches;
    for (const QString &role : {QStringLiteral("email"), QStringLiteral("name")})
        if (accounts.has(role))
            matches << QStringLiteral("strpos(lower(a.%1::text), lower($1)) > 0")
                           .arg(quoteIdent(accounts.column(role)));
    const QString key = quoteIdent(accounts.column(QStringLiteral("key")));
    const QString table = db::qualifiedTable(profile.schema, accounts.table);
    const QString where =
        QStringLiteral("a.%1::text = $1%2")
            .arg(key, matches.isEmpty()
                          ? QString()
                          : QStringLiteral(" OR ") + matches.join(QStringLiteral(" OR ")));
    // Live: the first matches, exact key first.
    const QString firstMatches =
        QStringLiteral("SELECT a.%1::text, a.%1::text = $1 AS exact FROM %2 AS a WHERE %3 "
                       "ORDER BY 2 DESC, 1 LIMIT %4")
            .arg(key, table, where)
            .arg(kMaxUsersFound);
    QStringList exact, partial;
    for (const auto &row : live.query(firstMatches, {text.trimmed()}).rows)
        (row[1] == u"t" ? exact : partial) << row[0];
    // The backup: every match's key (keys only: cheap), so that accounts
    // deleted live are found however many live namesakes they have; they
    // come before the live ones, being what an incident usually took.
    QStringList backupKeys;
    for (const auto &row :
         backup
             .query(
                 QStringLiteral("SELECT a.%1::text FROM %2 AS a WHERE %3 ORDER BY 1 LIMIT 100000")
                     .arg(key, table, where),
                 {text.trimmed()})
             .rows)
        backupKeys << row[0];
    QStringList deletedLive;
    if (!backupKeys.isEmpty()) {
        QSet<QString> stillLive;
        for (const auto &row :
             live.query(QStringLiteral("SELECT a.%1::text FROM %2 AS a WHERE a.%1::text = ANY "
                                       "($1::text[])")
                            .arg(key, table),
                        {db::textArrayLiteral(backupKeys)})
                 .rows)
            stillLive.insert(row[0]);
        for (const QString &k : backupKeys)
            if (!stillLive.contains(k))
                (k == text.trimmed() ? exact : deletedLive) << k;
    }
    QStringList found;
    for (const QString &k : exact + deletedLive + partial)
        if (!found.contains(k) && found.size() < kMaxUsersFound)
            found << k;
    return found;
}

void addThrough(QVector<UserTable> &tables, const QString &table, const QString &column,
                const QString &through, const QString &throughKey, const QString &throughUser)
{
    tables.append({table, column, through, throughKey, throughUser, {}});
}

QVector<UserRecord> diffUser(db::Session &live, db::Session &backup, const QString &schema,
                             const QVector<UserTable> &tables, const QString &userId,
                             const QDateTime &backupTakenAt)
{
    QVector<UserRecord> records;
    for (const UserTable &t : tables) {
        const TableShape shape = readTableShape(live, schema, t.table);
        const QString keyText = keyTextExpression(shape, QStringLiteral("t"));
        const QString from = db::qualifiedTable(schema, t.table);
        // The keys either side files under the user...
        const QString byUser =
            t.through.isEmpty()
                ? QStringLiteral("SELECT %1 FROM %2 AS t WHERE t.%3::text = $1")
                      .arg(keyText, from, quoteIdent(t.userColumn))
                : QStringLiteral("SELECT %1 FROM %2 AS t WHERE t.%3 IN (SELECT x.%4 FROM %5 AS x "
                                 "WHERE x.%6::text = $1)")
                      .arg(keyText, from, quoteIdent(t.userColumn), quoteIdent(t.throughKey),
                           db::qualifiedTable(schema, t.through), quoteIdent(t.throughUser));
        QStringList keys;
        for (db::Session *side : {&backup, &live})
            for (const auto &row : side->query(byUser, {userId}).rows)
                if (!keys.contains(row[0]))
                    keys << row[0];
        if (keys.isEmpty())
            continue;
        // ...then those rows on both sides, wherever they are filed now.
        QStringList params{db::textArrayLiteral(keys)};
        const QString newer = newerThanBackupColumn(t.timeColumn, backupTakenAt, params);
        const QString byKey =
            QStringLiteral(
                "SELECT %1, to_jsonb(t)::text, %3 FROM %2 AS t WHERE %1 = ANY ($1::text[])")
                .arg(keyText, from, newer);
        QHash<QString, QString> before, after;
        QSet<QString> newerThanBackup;
        for (const auto &row : backup.query(byKey, params).rows)
            before.insert(row[0], row[1]);
        for (const auto &row : live.query(byKey, params).rows) {
            after.insert(row[0], row[1]);
            if (row[2] == u"t")
                newerThanBackup.insert(row[0]);
        }
        for (const QString &key : keys) {
            UserRecord record;
            record.change = classifyRow(shape, key, before.value(key), after.value(key));
            if (record.change.kind == RowChange::Kind::Created && newerThanBackup.contains(key))
                record.change.kind = RowChange::Kind::New;
            record.same = record.change.kind == RowChange::Kind::Changed &&
                          record.change.changedColumns.isEmpty();
            records << record;
        }
    }
    return records;
}

} // namespace payops::diff
