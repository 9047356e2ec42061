#pragma once

#include "db/session.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <limits>
#include <memory>

namespace payops::test {

// A database of its own on the demo cluster with the payops schema and a
// cast of login roles, for tests that attack the schema with plain SQL:
// "viewer", "support", "operator", "operator2", "approver", "approver2", "both"
// (operator and approver at once) and "watcher" (the role of payops watch). Roles are cluster-wide,
// so their names carry the test's pid and tag; the destructor drops the database and them.
class ScratchPayops
{
public:
    // schemaVersion: migrate only up to this version (to measure an older
    // schema against the same attacks).
    explicit ScratchPayops(const QString &tag, int schemaVersion = std::numeric_limits<int>::max());
    ~ScratchPayops();
    ScratchPayops(const ScratchPayops &) = delete;
    ScratchPayops &operator=(const ScratchPayops &) = delete;

    QString database() const { return m_database; }
    // The login role name of one of the cast.
    QString role(const QString &who) const { return m_roles.value(who); }
    // postgresql:// URI of this database as one of the cast (password inside).
    QString uri(const QString &who) const;
    // A writable session as one of the cast: the payops functions write,
    // grants decide what is allowed.
    std::unique_ptr<db::Session> as(const QString &who, int statementTimeoutMs = 60000) const;
    // The cluster superuser on this database.
    std::unique_ptr<db::Session> owner() const;

    // One value of a query, and the message of the database's refusal ("" when allowed).
    static QString value(db::Session &s, const QString &sql, const QStringList &params = {});
    static QString refusal(db::Session &s, const QString &sql, const QStringList &params = {});

private:
    QString m_database;
    QMap<QString, QString> m_roles;
};

} // namespace payops::test
