#include "restore/restore_planner.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "diff/row_hash.h"
#include "diff/user_diff.h"
#include "restore/foreign_keys.h"
#include "restore/json_members.h"
#include "restore/rows_by_key.h"
#include "schema/schema_profile.h"

#include <QHash>

#include <algorithm>

namespace payops::restore {

namespace {

// What the planner knows of one table.
struct TableInfo
{
    diff::TableShape shape;
    QString qualified;  // "public"."accounts", as items name it
    QString userColumn; // holds the owning account's key; empty: none
    QString lastChange; // when a row last changed; empty: unknown
};

// {"a": <raw a of row>, "b": ...}: the given columns of a row's JSON text,
// copied as written (a bigint stays exact).
QString pick(const QString &rowJson, const QStringList &columns, const QStringList &as = {})
{
    QStringList parts;
    for (int i = 0; i < columns.size(); ++i) {
        const QString raw = jsonMember(rowJson, columns[i]);
        parts << jsonQuote(as.isEmpty() ? columns[i] : as[i]) + QStringLiteral(": ") +
                     (raw.isNull() ? QStringLiteral("null") : raw);
    }
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

QString insertChange(const QString &row)
{
    return QStringLiteral("{\"op\": \"insert\", \"row\": ") + row + QLatin1Char('}');
}

QString updateChange(const QString &set, const QString &expect)
{
    return QStringLiteral("{\"op\": \"update\", \"set\": ") + set +
           QStringLiteral(", \"expect\": ") + expect + QLatin1Char('}');
}

} // namespace

// What every plan on one pair of databases shares: the tables, their
// owners' columns, the foreign keys, the sentinel accounts.
struct RestorePlanner::Context
{
    db::Session &live;
    db::Session &backup;
    schema::SchemaProfile profile;
    QString accounts;
    QString accountKey;
    QHash<QString, QString> userColumns;
    QHash<QString, TableInfo> tables;
    QVector<ForeignKey> foreignKeys;
    QSet<QString> sentinels;

    void addTable(const diff::TableShape &shape)
    {
        TableInfo info;
        info.shape = shape;
        info.qualified = db::qualifiedTable(shape.schema, shape.table);
        info.userColumn = userColumns.value(shape.table);
        info.lastChange = lastChangeColumn(shape);
        tables.insert(shape.table, info);
    }
};

namespace {

// One plan being built, on a planner's context.
class Planner
{
public:
    Planner(RestorePlanner::Context &context, const RestoreSelection &selection)
        : m_live(context.live)
        , m_backup(context.backup)
        , m_profile(context.profile)
        , m_selection(selection)
        , m_accounts(context.accounts)
        , m_accountKey(context.accountKey)
        , m_context(context)
        , m_tables(context.tables)
        , m_foreignKeys(context.foreignKeys)
        , m_sentinels(context.sentinels)
    {
    }

    void consider(const diff::RowChange &change)
    {
        if (!m_tables.contains(change.table))
            return;
        if (!m_selection.tables.isEmpty() && !m_selection.tables.contains(change.table))
            return;
        if (!m_selection.rows.isEmpty() &&
            !m_selection.rows.contains(change.table + QLatin1Char('|') + change.key))
            return;
        const TableInfo &info = m_tables[change.table];
        switch (change.kind) {
        case diff::RowChange::Kind::Deleted:
            if (m_selection.deletedRows) {
                const QString owner = ownerOf(info, change.key, change.before);
                if (wantedUser(owner)) {
                    PlanItem item{PlanItem::Kind::Insert,
                                  info.qualified,
                                  change.key,
                                  insertChange(change.before),
                                  owner,
                                  QStringLiteral("deleted since the backup"),
                                  QString(),
                                  0};
                    setMoney(item, change.before);
                    m_inserts.append(item);
                }
            }
            break;
        case diff::RowChange::Kind::Changed:
            considerChanged(info, change);
            break;
        case diff::RowChange::Kind::New:
        case diff::RowChange::Kind::Created:
            if (m_selection.movedRows && !info.userColumn.isEmpty() &&
                m_sentinels.contains(jsonMemberText(change.after, info.userColumn)))
                m_plan.unresolved.append({change.table, change.key, change.after});
            break;
        }
    }

    RestorePlan finish()
    {
        checkInsertsAgainstLive();
        addNeededParents();
        checkOwnersExist();
        QStringList tables;
        for (const PlanItem &item : m_inserts)
            if (!tables.contains(tableOf(item)))
                tables << tableOf(item);
        m_plan.tableOrder = parentsFirst(tables, m_foreignKeys, &m_plan.cycles);
        std::stable_sort(m_inserts.begin(), m_inserts.end(),
                         [this](const PlanItem &a, const PlanItem &b) {
                             return m_plan.tableOrder.indexOf(tableOf(a)) <
                                    m_plan.tableOrder.indexOf(tableOf(b));
                         });
        m_plan.items = m_inserts + m_moves + m_fields;
        for (const PlanItem &item : m_plan.items) {
            if (!item.user.isEmpty())
                m_plan.users.insert(item.user);
            if (!item.currency.isEmpty())
                m_plan.money.add(item.currency, item.amountMinor);
        }
        return m_plan;
    }

private:
    QString tableOf(const PlanItem &item) const
    {
        for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it)
            if (it.value().qualified == item.table)
                return it.key();
        return item.table;
    }

    QString ownerOf(const TableInfo &info, const QString &key, const QString &row) const
    {
        if (info.shape.table == m_accounts)
            return jsonMemberText(key, m_accountKey);
        return info.userColumn.isEmpty() ? QString() : jsonMemberText(row, info.userColumn);
    }

    bool wantedUser(const QString &owner) const
    {
        return m_selection.users.isEmpty() || m_selection.users.contains(owner);
    }

    void considerChanged(const TableInfo &info, const diff::RowChange &change)
    {
        QStringList columns = m_selection.fields.value(info.shape.table);
        const bool moved = m_selection.movedRows && !info.userColumn.isEmpty() &&
                           change.changedColumns.contains(info.userColumn);
        const QString owner = jsonMemberText(change.before, info.userColumn);
        if (moved && wantedUser(owner)) {
            PlanItem item{PlanItem::Kind::Update,
                          info.qualified,
                          change.key,
                          updateChange(pick(change.before, {info.userColumn}),
                                       pick(change.after, {info.userColumn})),
                          owner,
                          QStringLiteral("moved to account %1")
                              .arg(jsonMemberText(change.after, info.userColumn)),
                          QString(),
                          0};
            setMoney(item, change.before);
            m_moves.append(item);
            columns.removeAll(info.userColumn);
        }
        QStringList restored;
        for (const QString &column : columns)
            if (change.changedColumns.contains(column))
                restored << column;
        if (restored.isEmpty() || !wantedUser(ownerOf(info, change.key, change.before)))
            return;
        const QDateTime changed =
            info.lastChange.isEmpty()
                ? QDateTime()
                : QDateTime::fromString(jsonMemberText(change.after, info.lastChange),
                                        Qt::ISODateWithMs);
        if (changed.isValid() && m_selection.incidentEnd.isValid() &&
            changed > m_selection.incidentEnd) {
            m_plan.conflicts.append(
                {info.qualified, change.key, QStringLiteral("changed_since"),
                 QStringLiteral("changed again at %1, after the incident: newer work is not "
                                "overwritten")
                     .arg(changed.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")))});
            return;
        }
        if (changed.isValid() && m_selection.incidentStart.isValid() &&
            changed < m_selection.incidentStart) {
            ++m_plan.changedBeforeIncident;
            return;
        }
        QStringList what;
        for (const QString &column : restored)
            what << QStringLiteral("%1 %2 back to %3")
                        .arg(column, jsonMember(change.after, column),
                             jsonMember(change.before, column));
        m_fields.append({PlanItem::Kind::Update, info.qualified, change.key,
                         updateChange(pick(change.before, restored), pick(change.after, restored)),
                         ownerOf(info, change.key, change.before),
                         QStringLiteral("overwritten: ") + what.join(QStringLiteral("; ")),
                         QString(), 0});
    }

    // A row put back whose key, or one of whose unique values, a row of
    // live holds now: left alone, as a conflict.
    void checkInsertsAgainstLive()
    {
        for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
            const TableInfo &info = it.value();
            QVector<int> positions;
            QStringList rows;
            for (int i = 0; i < m_inserts.size(); ++i)
                if (m_inserts[i].table == info.qualified) {
                    positions << i;
                    rows << rowOf(m_inserts[i]);
                }
            if (rows.isEmpty())
                continue;
            QHash<int, std::pair<QString, QString>> refused; // position -> reason, detail
            const QHash<int, QString> keys = keysPresent(m_live, info.shape, info.shape.key, rows);
            for (auto k = keys.cbegin(); k != keys.cend(); ++k)
                refused.insert(k.key(), {QStringLiteral("key_reused"),
                                         QStringLiteral("a row with this key exists again live")});
            const ResultTable uniques = m_live.query(
                db::sqlResource(QStringLiteral("restore/unique_constraints")), {info.qualified});
            for (int u = 0; u < uniques.rowCount(); ++u) {
                const QString name = uniques.value(u, QStringLiteral("name"));
                const QString list = uniques.value(u, QStringLiteral("columns"));
                const QStringList columns = list.mid(1, list.size() - 2).split(QLatin1Char(','));
                const QHash<int, QString> taken = keysPresent(m_live, info.shape, columns, rows);
                for (auto k = taken.cbegin(); k != taken.cend(); ++k)
                    if (!refused.contains(k.key()))
                        refused.insert(k.key(), {QStringLiteral("unique_taken"),
                                                 QStringLiteral("%1 is held now by the row %2 (%3)")
                                                     .arg(columns.join(QStringLiteral(", ")),
                                                          k.value(), name)});
            }
            dropInserts(positions, refused);
        }
    }

    void dropInserts(const QVector<int> &positions,
                     const QHash<int, std::pair<QString, QString>> &refused)
    {
        if (refused.isEmpty())
            return;
        QVector<int> drop;
        for (auto r = refused.cbegin(); r != refused.cend(); ++r) {
            const PlanItem &item = m_inserts[positions[r.key() - 1]];
            m_plan.conflicts.append({item.table, item.key, r.value().first, r.value().second});
            drop << positions[r.key() - 1];
        }
        std::sort(drop.begin(), drop.end(), std::greater<int>());
        for (int i : drop)
            m_inserts.removeAt(i);
    }

    static QString rowOf(const PlanItem &insert)
    {
        return jsonMember(insert.change, QStringLiteral("row"));
    }

    // Every parent an inserted row points at must exist live, be put back
    // too, or be found in the backup (a parent deleted as well: added, and
    // said why); else the row is a conflict. Repeats for the parents added.
    void addNeededParents()
    {
        for (int round = 0; round < 8; ++round) {
            bool added = false;
            for (const ForeignKey &fk : m_foreignKeys) {
                if (!m_tables.contains(fk.child))
                    continue;
                QVector<int> positions;
                QStringList wanted;
                for (int i = 0; i < m_inserts.size(); ++i) {
                    if (m_inserts[i].table != m_tables[fk.child].qualified)
                        continue;
                    const QString parentKey =
                        pick(rowOf(m_inserts[i]), fk.childColumns, fk.parentColumns);
                    if (parentKey.contains(QStringLiteral(": null")))
                        continue; // a NULL reference needs no parent
                    positions << i;
                    wanted << parentKey;
                }
                if (wanted.isEmpty())
                    continue;
                const TableInfo parent = tableInfo(fk.parent);
                const QHash<int, QString> live =
                    keysPresent(m_live, parent.shape, fk.parentColumns, wanted);
                const QSet<QString> planned = plannedKeys(parent, fk.parentColumns);
                QStringList missing;
                QVector<int> missingAt;
                for (int w = 1; w <= wanted.size(); ++w)
                    if (!live.contains(w) && !planned.contains(wanted[w - 1])) {
                        missing << wanted[w - 1];
                        missingAt << positions[w - 1];
                    }
                if (missing.isEmpty())
                    continue;
                const auto inBackup =
                    rowsPresent(m_backup, parent.shape, fk.parentColumns, missing);
                QHash<int, std::pair<QString, QString>> refused;
                for (int m = 1; m <= missing.size(); ++m) {
                    const PlanItem &child = m_inserts[missingAt[m - 1]];
                    if (inBackup.contains(m)) {
                        const auto &[key, row] = inBackup.value(m);
                        if (plannedInsertKey(parent.qualified, key))
                            continue;
                        m_inserts.append({PlanItem::Kind::Insert, parent.qualified, key,
                                          insertChange(row), ownerOf(parent, key, row),
                                          QStringLiteral("needed by %1 %2, deleted as well")
                                              .arg(fk.child, child.key),
                                          QString(), 0});
                        added = true;
                    } else {
                        const int position =
                            int(std::find(positions.cbegin(), positions.cend(), missingAt[m - 1]) -
                                positions.cbegin()) +
                            1;
                        refused.insert(
                            position, {QStringLiteral("parent_missing"),
                                       QStringLiteral("its %1 %2 is neither live nor in the backup")
                                           .arg(fk.parent, missing[m - 1])});
                    }
                }
                dropInserts(positions, refused);
            }
            if (!added)
                break;
        }
    }

    // A row given back to its owner needs that owner live or put back.
    void checkOwnersExist()
    {
        if (m_moves.isEmpty() || m_accounts.isEmpty())
            return;
        const TableInfo accounts = tableInfo(m_accounts);
        QStringList owners;
        for (const PlanItem &move : m_moves)
            owners << QStringLiteral("{%1: %2}")
                          .arg(jsonQuote(m_accountKey),
                               jsonMember(jsonMember(move.change, QStringLiteral("set")),
                                          m_tables[tableOf(move)].userColumn));
        const QHash<int, QString> live =
            keysPresent(m_live, accounts.shape, {m_accountKey}, owners);
        const QSet<QString> planned = plannedKeys(accounts, {m_accountKey});
        QVector<PlanItem> kept;
        for (int i = 0; i < m_moves.size(); ++i) {
            if (live.contains(i + 1) || planned.contains(owners[i])) {
                kept << m_moves[i];
                continue;
            }
            m_plan.conflicts.append(
                {m_moves[i].table, m_moves[i].key, QStringLiteral("parent_missing"),
                 QStringLiteral("its owner %1 is not live and not put back").arg(m_moves[i].user)});
        }
        m_moves = kept;
    }

    // The rows put back into `table`, as {column: value} objects of `columns`.
    QSet<QString> plannedKeys(const TableInfo &table, const QStringList &columns) const
    {
        QSet<QString> keys;
        for (const PlanItem &item : m_inserts)
            if (item.table == table.qualified)
                keys.insert(pick(rowOf(item), columns));
        return keys;
    }

    bool plannedInsertKey(const QString &table, const QString &key) const
    {
        for (const PlanItem &item : m_inserts)
            if (item.table == table && item.key == key)
                return true;
        return false;
    }

    const TableInfo &tableInfo(const QString &table)
    {
        if (!m_tables.contains(table))
            m_context.addTable(diff::readTableShape(m_live, m_profile.schema, table));
        return m_tables[table];
    }

    // The money a row carries, when its table is one of the profile's money
    // tables (charges, refunds, payouts).
    void setMoney(PlanItem &item, const QString &row) const
    {
        for (const char *entity : {"charges", "refunds", "payouts"}) {
            const schema::TableMap &map = m_profile.table(QLatin1String(entity));
            if (!map.isMapped() || !map.has(QStringLiteral("amount")) ||
                db::qualifiedTable(m_profile.schema, map.table) != item.table)
                continue;
            const QString currency =
                map.has(QStringLiteral("currency"))
                    ? jsonMemberText(row, map.column(QStringLiteral("currency")))
                    : map.fixedCurrency;
            const QString amount = jsonMemberText(row, map.column(QStringLiteral("amount")));
            if (!currency.trimmed().isEmpty() && !amount.isEmpty()) {
                item.currency = currency.trimmed();
                item.amountMinor = Money::parseMinor(amount, item.currency);
            }
        }
    }

    db::Session &m_live;
    db::Session &m_backup;
    const schema::SchemaProfile &m_profile;
    RestoreSelection m_selection;
    QString m_accounts;
    QString m_accountKey;
    RestorePlanner::Context &m_context;
    QHash<QString, TableInfo> &m_tables;
    const QVector<ForeignKey> &m_foreignKeys;
    const QSet<QString> &m_sentinels;
    QVector<PlanItem> m_inserts;
    QVector<PlanItem> m_moves;
    QVector<PlanItem> m_fields;
    RestorePlan m_plan;
};

} // namespace

QString lastChangeColumn(const diff::TableShape &shape)
{
    for (const char *name : {"updated_at", "modified_at", "changed_at", "last_modified"})
        for (const diff::ColumnShape &column : shape.columns)
            if (column.name == QLatin1String(name) && column.category == u"D")
                return column.name;
    return {};
}

RestorePlanner::RestorePlanner(db::Session &live, db::Session &backup,
                               const schema::SchemaProfile &profile,
                               const QVector<diff::TableShape> &shapes)
    : m_context(new Context{live, backup, profile, {}, {}, {}, {}, {}, {}})
{
    Context &c = *m_context;
    const schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    c.accounts = accounts.table;
    c.accountKey = accounts.column(QStringLiteral("key"));
    for (const diff::UserTable &t : diff::userTablesFromProfile(live, profile))
        if (t.through.isEmpty())
            c.userColumns.insert(t.table, t.userColumn);
    for (const diff::TableShape &shape : shapes)
        c.addTable(shape);
    c.foreignKeys = readForeignKeys(live, profile.schema);
    if (accounts.isMapped() && accounts.has(QStringLiteral("sentinel_flag"))) {
        const ResultTable sentinels = live.query(db::renderSql(
            db::sqlResource(QStringLiteral("restore/sentinel_accounts")),
            {{QStringLiteral("key"), db::quoteIdent(c.accountKey)},
             {QStringLiteral("accounts"), db::qualifiedTable(profile.schema, c.accounts)},
             {QStringLiteral("sentinel"),
              db::quoteIdent(accounts.column(QStringLiteral("sentinel_flag")))}}));
        for (const auto &row : sentinels.rows)
            c.sentinels.insert(row[0]);
    }
}

RestorePlanner::~RestorePlanner() = default;

bool RestorePlanner::mayMatter(const diff::RowChange &change) const
{
    if (change.kind == diff::RowChange::Kind::Deleted ||
        change.kind == diff::RowChange::Kind::Changed)
        return true;
    const QString column = m_context->userColumns.value(change.table);
    return !column.isEmpty() && m_context->sentinels.contains(jsonMemberText(change.after, column));
}

QSet<QString> RestorePlanner::sentinelAccounts() const
{
    return m_context->sentinels;
}

QSet<QString> RestorePlanner::ownersMovedToSentinels(const QVector<diff::RowChange> &changes) const
{
    QSet<QString> owners;
    for (const diff::RowChange &change : changes) {
        const QString column = m_context->userColumns.value(change.table);
        if (change.kind != diff::RowChange::Kind::Changed || column.isEmpty() ||
            !change.changedColumns.contains(column))
            continue;
        if (m_context->sentinels.contains(jsonMemberText(change.after, column)))
            owners.insert(jsonMemberText(change.before, column));
    }
    return owners;
}

RestorePlan RestorePlanner::plan(const QVector<diff::RowChange> &changes,
                                 const RestoreSelection &selection)
{
    Planner planner(*m_context, selection);
    for (const diff::RowChange &change : changes)
        planner.consider(change);
    return planner.finish();
}

} // namespace payops::restore
