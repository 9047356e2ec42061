#include "diff/user_diff.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "diff/backup_check.h"
#include "diff/diff_sql.h"
#include "diff/row_hash.h"
#include "schema/schema_profile.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

namespace payops::diff {

using db::quoteIdent;

QVector<UserTable> userTables(db::Session &live, const QString &schema,
                              const QString &accountsTable, const QString &accountKey,
                              const QString &userColumnName)
{
    QVector<UserTable> tables{{accountsTable, accountKey, {}, {}, {}, {}}};
    // Columns that reference the accounts by a foreign key, or carry the
    // profile's user column name (legacy tables often lack the key).
    const ResultTable rows = live.query(diffSql(QStringLiteral("user_columns")),
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
    const QHash<QString, QString> fragments{{QStringLiteral("key"), key},
                                            {QStringLiteral("accounts"), table},
                                            {QStringLiteral("match"), where}};
    // Live: the first matches, exact key first.
    QHash<QString, QString> firstFragments = fragments;
    firstFragments.insert(QStringLiteral("limit"), QString::number(kMaxUsersFound));
    const QString firstMatches = diffSql(QStringLiteral("accounts_matching"), firstFragments);
    QStringList exact, partial;
    for (const auto &row : live.query(firstMatches, {text.trimmed()}).rows)
        (row[1] == u"t" ? exact : partial) << row[0];
    // The backup: every match's key (keys only: cheap), so that accounts
    // deleted live are found however many live namesakes they have; they
    // come before the live ones, being what an incident usually took.
    QStringList backupKeys;
    for (const auto &row :
         backup.query(diffSql(QStringLiteral("account_keys_matching"), fragments), {text.trimmed()})
             .rows)
        backupKeys << row[0];
    QStringList deletedLive;
    if (!backupKeys.isEmpty()) {
        QSet<QString> stillLive;
        for (const auto &row : live.query(diffSql(QStringLiteral("accounts_with_keys"), fragments),
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

namespace {

// A column's type as format_type names it (the catalog's own text), for a cast.
QString columnType(const TableShape &shape, const QString &column)
{
    for (const ColumnShape &c : shape.columns)
        if (c.name == column)
            return c.type;
    return QStringLiteral("text");
}

// The users a column of this type can hold, as a text array for the
// column's own type: a key typed by hand ("user29@example.cn" for a bigint
// column) names nobody rather than failing the cast.
QString usersOfType(const TableShape &shape, const QString &column, const QStringList &userIds)
{
    static const QRegularExpression number(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?$"));
    QString category;
    QString type;
    for (const ColumnShape &c : shape.columns)
        if (c.name == column) {
            category = c.category;
            type = c.type;
        }
    QStringList fit;
    for (const QString &id : userIds)
        if ((category != u"N" || number.match(id).hasMatch()) &&
            (type != u"uuid" || !QUuid::fromString(id).isNull()))
            fit << id;
    return db::textArrayLiteral(fit);
}

} // namespace

QVector<UserRecord> diffUser(db::Session &live, db::Session &backup, const QString &schema,
                             const QVector<UserTable> &tables, const QString &userId,
                             const QDateTime &backupTakenAt)
{
    return diffUsers(live, backup, schema, tables, {userId}, backupTakenAt);
}

QVector<UserRecord> diffUsers(db::Session &live, db::Session &backup, const QString &schema,
                              const QVector<UserTable> &tables, const QStringList &userIds,
                              const QDateTime &backupTakenAt)
{
    QVector<UserRecord> records;
    for (const UserTable &t : tables) {
        const TableShape shape = readTableShape(live, schema, t.table);
        const QString keyText = keyTextExpression(shape, QStringLiteral("t"));
        const QString from = db::qualifiedTable(schema, t.table);
        QStringList keyMatch;
        for (const QString &column : shape.key)
            keyMatch << QStringLiteral("t.%1 = k.%1").arg(quoteIdent(column));
        // The keys either side files under the user (compared in the
        // column's own type, so that its index serves)...
        QHash<QString, QString> fragments{
            {QStringLiteral("key_text"), keyText},
            {QStringLiteral("key_match"), keyMatch.join(QStringLiteral(" AND "))},
            {QStringLiteral("table"), from},
            {QStringLiteral("user_column"), quoteIdent(t.userColumn)},
            {QStringLiteral("user_type"), columnType(shape, t.userColumn)}};
        QString users = usersOfType(shape, t.userColumn, userIds);
        if (!t.through.isEmpty()) {
            const TableShape through = readTableShape(live, schema, t.through);
            users = usersOfType(through, t.throughUser, userIds);
            fragments.insert(QStringLiteral("through_key"), quoteIdent(t.throughKey));
            fragments.insert(QStringLiteral("through"), db::qualifiedTable(schema, t.through));
            fragments.insert(QStringLiteral("through_user"), quoteIdent(t.throughUser));
            fragments.insert(QStringLiteral("through_user_type"),
                             columnType(through, t.throughUser));
        }
        const QString byUser =
            diffSql(t.through.isEmpty() ? QStringLiteral("user_row_keys")
                                        : QStringLiteral("user_row_keys_through"),
                    fragments);
        QStringList keys;
        QSet<QString> seen;
        for (db::Session *side : {&backup, &live})
            for (const auto &row : side->query(byUser, {users}).rows)
                if (!seen.contains(row[0])) {
                    seen.insert(row[0]);
                    keys << row[0];
                }
        if (keys.isEmpty())
            continue;
        // ...then those rows on both sides, wherever they are filed now.
        QStringList params{QLatin1Char('[') + keys.join(QStringLiteral(", ")) + QLatin1Char(']')};
        const QString newer = newerThanBackupColumn(t.timeColumn, backupTakenAt, params);
        fragments.insert(QStringLiteral("newer"), newer);
        const QString byKey = diffSql(QStringLiteral("rows_by_key"), fragments);
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
