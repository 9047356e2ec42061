#include "ops/migrator.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"

#include <QDir>

#include <algorithm>

namespace payops::ops {

QList<Migration> Migrator::available()
{
    QList<Migration> migrations;
    const QDir dir(db::sqlResourceRoot() + QStringLiteral("/migrations"));
    for (const QString &file : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        Migration m;
        m.name = file.chopped(4);
        m.version = m.name.section(QLatin1Char('_'), 0, 0).toInt();
        m.resource = dir.filePath(file);
        if (m.version > 0)
            migrations << m;
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return migrations;
}

int Migrator::latestVersion()
{
    const QList<Migration> all = available();
    return all.isEmpty() ? 0 : all.last().version;
}

int Migrator::installedVersion(db::Session &session)
{
    // Two statements: a table name is resolved when a query is parsed, even
    // in a CASE branch that never runs.
    const ResultTable exists =
        session.query(QStringLiteral("SELECT to_regclass('payops.schema_version') IS NOT NULL"));
    if (exists.rows.value(0).value(0) != u"t")
        return 0;
    const ResultTable r = session.query(
        QStringLiteral("SELECT coalesce(max(version), 0) FROM payops.schema_version"));
    return r.rows.value(0).value(0).toInt();
}

QString Migrator::versionProblem(db::Session &session)
{
    const int installed = installedVersion(session);
    const int latest = latestVersion();
    if (installed == latest)
        return {};
    if (installed > latest)
        return QStringLiteral(
                   "The payops schema of this database is version %1, newer than this console "
                   "knows (%2). Upgrade the console.")
            .arg(installed)
            .arg(latest);
    return QStringLiteral(
               "The payops schema of this database is version %1 and this console needs %2. "
               "A database owner must run: payops migrate --db URI")
        .arg(installed)
        .arg(latest);
}

namespace {

// The migrations create roles, then a schema owned by one of them
// (payops_owner), and change into it: only a superuser may, or the
// database's owner with CREATEROLE who is also a member of payops_owner
// (PostgreSQL creates a schema for a role only for its members, and
// CREATEROLE alone does not make one). Asked before the first statement,
// so a role that may not is told so (not to grant itself the viewer role)
// and nothing is attempted. Returns the role the session runs as.
QString checkMayMigrate(db::Session &session)
{
    const ResultTable r = session.query(db::sqlResource(QStringLiteral("ops/may_migrate")));
    auto field = [&](const char *column) {
        return r.value(0, QLatin1String(column));
    };
    const QString role = field("role");
    const bool superuser = field("superuser") == u"t";
    const bool createRole = field("create_role") == u"t";
    const bool owner = field("owns_database") == u"t";
    const bool schemaOwner = field("schema_owner") == u"t";
    if (superuser || (createRole && owner && schemaOwner))
        return role;
    const QString which =
        owner && createRole
            ? QStringLiteral("which owns it and has CREATEROLE but is no member of payops_owner, "
                             "the role the schema is created for")
        : owner      ? QStringLiteral("which owns it but lacks CREATEROLE")
        : createRole ? QStringLiteral("which has CREATEROLE but does not own it")
                     : QStringLiteral("which is neither");
    throw UserError(
        QStringLiteral("payops migrate needs a database owner: a superuser, or the owner of the "
                       "database with CREATEROLE and a member of payops_owner; it ran as \"%1\", "
                       "%2 (database \"%3\" is owned by \"%4\").")
            .arg(role, which, field("database"), field("database_owner")),
        QStringLiteral("Nothing was changed. Run it again with --db naming such a role (a "
                       "superuser always is); the console's viewer, operator and approver roles "
                       "cannot install the payops schema, and no grant of them would let them."));
}

// A migration that failed was rolled back as a whole (it runs in one
// transaction): says so, and what was applied before it.
UserError rolledBack(const UserError &error, const Migration &failed, const QString &role,
                     const QList<Migration> &applied)
{
    const QString kept =
        applied.isEmpty()
            ? QStringLiteral("Nothing was changed: the migration runs in one transaction, which "
                             "was rolled back.")
            : QStringLiteral("%1 was rolled back (each migration runs in one transaction); the "
                             "ones before it were applied, up to version %2.")
                  .arg(failed.name)
                  .arg(applied.last().version);
    return UserError(QStringLiteral("payops migrate could not apply %1 as \"%2\": %3")
                         .arg(failed.name, role, error.problem()),
                     kept + QLatin1Char(' ') + error.remedy());
}

} // namespace

QList<Migration> Migrator::migrate(db::Session &session,
                                   const std::function<void(const QString &)> &log, int upToVersion)
{
    QList<Migration> applied;
    const int installed = installedVersion(session);
    QString role;
    for (const Migration &m : available()) {
        if (m.version <= installed || m.version > upToVersion)
            continue;
        if (role.isEmpty())
            role = checkMayMigrate(session);
        const QString migration = db::sqlResource(QStringLiteral("migrations/") + m.name);
        log(QStringLiteral("Applying %1").arg(m.name));
        // One transaction per migration, its version row included.
        // Concatenated, not arg() or renderSql(): the migration itself is
        // full of % signs and braces. The name comes from our own resource
        // file names (digits, letters, _) and is written as a literal.
        const QString versionRow =
            db::renderSql(db::sqlResource(QStringLiteral("ops/record_migration")),
                          {{QStringLiteral("migration_version"), QString::number(m.version)},
                           {QStringLiteral("migration_name"), db::sqlLiteral(m.name)}});
        const QString script = QStringLiteral("BEGIN;\n") + migration + QLatin1Char('\n') +
                               versionRow + QStringLiteral("\nCOMMIT;");
        try {
            session.executeScript(script);
        } catch (const UserError &error) {
            try {
                session.executeScript(QStringLiteral("ROLLBACK"));
            } catch (const UserError &) {
                // The connection is gone; the server rolled back for us.
            }
            throw rolledBack(error, m, role, applied);
        }
        applied << m;
    }
    return applied;
}

void Migrator::declareEnvironment(db::Session &session, const QString &label)
{
    static const QStringList labels = {QStringLiteral("production"), QStringLiteral("staging"),
                                       QStringLiteral("test"), QStringLiteral("demo")};
    if (!labels.contains(label))
        throw UserError(
            QStringLiteral("\"%1\" is not an environment the console knows.").arg(label),
            QStringLiteral("Declare production, staging, test or demo."));
    if (installedVersion(session) < 2)
        throw UserError(QStringLiteral("This database's payops schema is too old to declare its "
                                       "environment."),
                        QStringLiteral("Run payops migrate first."));
    session.query(db::sqlResource(QStringLiteral("ops/declare_environment")), {label});
}

} // namespace payops::ops
