#pragma once

#include "diff/table_differ.h"

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::diff {

// Where one user's records live: the accounts table itself (by its key)
// and every table with a column that holds the account's key.
struct UserTable
{
    QString table;
    QString userColumn; // holds the account's key, or (with `through`) a key of that table
    // A table reached through another (refunds through their charges):
    // userColumn holds a key of `through`, whose throughUser is the account.
    QString through;
    QString throughKey;
    QString throughUser;
    QString timeColumn; // when its rows were created (backup_check.h); empty: unknown
};
QVector<UserTable> userTables(db::Session &live, const QString &schema,
                              const QString &accountsTable, const QString &accountKey,
                              const QString &userColumnName);
// The user tables a schema profile implies: its accounts, every table
// holding the account's key (by foreign key or by the charges' user column
// name), and its refunds through their charges. None when live has no
// such accounts table (a database the profile does not describe).
QVector<UserTable> userTablesFromProfile(db::Session &live, const schema::SchemaProfile &profile);

// Finds a user by account key, e-mail or name (any part, any case), on
// both sides: a deleted account is found only in the backup. Returns the
// account keys, at most kMaxUsersFound: exact key matches first, then
// accounts deleted live (however many live namesakes they have), then
// live ones.
constexpr int kMaxUsersFound = 20;
QStringList findUsers(db::Session &live, db::Session &backup, const schema::SchemaProfile &profile,
                      const QString &text);

// Adds a table reached through another (refunds through their charges).
void addThrough(QVector<UserTable> &tables, const QString &table, const QString &column,
                const QString &through, const QString &throughKey, const QString &throughUser);

// Every record of one user, live against the backup, table by table: the
// rows that either side files under the user, each classified deleted,
// created, changed (with its columns) or unchanged. A record moved to
// another owner (re-parented to a sentinel account) shows as changed in
// its user column.
struct UserRecord
{
    RowChange change;
    bool same = false; // unchanged: the same on both sides
};
// A record only live whose time is after `backupTakenAt` is new since the
// backup; without a time it is created.
QVector<UserRecord> diffUser(db::Session &live, db::Session &backup, const QString &schema,
                             const QVector<UserTable> &tables, const QString &userId,
                             const QDateTime &backupTakenAt = {});
// The same for several users at once, a few statements per table whatever
// their number (a restore of 312 accounts reads their rows, not the whole
// database). A record filed under two of them (moved from one to the
// other) is listed once.
QVector<UserRecord> diffUsers(db::Session &live, db::Session &backup, const QString &schema,
                              const QVector<UserTable> &tables, const QStringList &userIds,
                              const QDateTime &backupTakenAt = {});

} // namespace payops::diff

#include <QMetaType>
Q_DECLARE_METATYPE(QVector<payops::diff::UserRecord>)
