#pragma once

#include <QList>
#include <QString>

#include <functional>
#include <limits>

namespace payops::db {
class Session;
}

namespace payops::ops {

struct Migration
{
    int version = 0;
    QString name;     // "001_payops_schema"
    QString resource; // ":/sql/migrations/001_payops_schema.sql"
};

// Applies the payops schema migrations shipped in resources/sql/migrations,
// each in its own transaction together with its row in
// payops.schema_version, so a failed migration leaves nothing behind and a
// second run changes nothing.
class Migrator
{
public:
    static QList<Migration> available();
    static int latestVersion();
    // 0 when the payops schema is not installed.
    static int installedVersion(db::Session &session);
    // Applies what is missing, up to `upToVersion` (tests measure older
    // versions with it); returns the migrations applied. Needs a
    // writable session of a superuser, or of the database's owner with
    // CREATEROLE who is a member of payops_owner:
    // any other role is refused (UserError naming it) before anything runs
    // when there is something to apply. A migration that fails is rolled
    // back and the error says so.
    static QList<Migration> migrate(db::Session &session,
                                    const std::function<void(const QString &)> &log,
                                    int upToVersion = std::numeric_limits<int>::max());
    // Declares what this database is (production, staging, test or demo):
    // batches built on it must carry that label. A database owner runs it
    // (payops migrate --declare-environment); it is audited.
    static void declareEnvironment(db::Session &session, const QString &label);
    // Empty when the database is current, else one sentence saying what to run.
    static QString versionProblem(db::Session &session);
};

} // namespace payops::ops
