#include "ops/migrator.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace payops::ops {

QList<Migration> Migrator::available()
{
    QList<Migration> migrations;
    const QDir dir(QStringLiteral(":/sql/migrations"));
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

QList<Migration> Migrator::migrate(db::Session &session,
                                   const std::function<void(const QString &)> &log, int upToVersion)
{
    QList<Migration> applied;
    const int installed = installedVersion(session);
    for (const Migration &m : available()) {
        if (m.version <= installed || m.version > upToVersion)
            continue;
        QFile file(m.resource);
        if (!file.open(QIODevice::ReadOnly))
            throw UserError(
                QStringLiteral("The migration %1 is missing from this build.").arg(m.name),
                QStringLiteral("Rebuild the console."));
        log(QStringLiteral("Applying %1").arg(m.name));
        // One transaction per migration, its version row included.
        // Concatenated, not arg(): the SQL itself is full of % signs. The
        // name comes from our own resource file names (digits, letters, _).
        const QString script =
            QStringLiteral("BEGIN;\n") + QString::fromUtf8(file.readAll()) +
            QStringLiteral("\nINSERT INTO payops.schema_version (version, name) VALUES (") +
            QString::number(m.version) + QStringLiteral(", '") + m.name +
            QStringLiteral("');\nCOMMIT;");
        try {
            session.executeScript(script);
        } catch (const UserError &) {
            try {
                session.executeScript(QStringLiteral("ROLLBACK"));
            } catch (const UserError &) {
                // The connection is gone; the server rolled back for us.
            }
            throw;
        }
        applied << m;
    }
    return applied;
}

} // namespace payops::ops
