#include "exec/write_targets.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"

namespace payops::exec {

QStringList allowWrites(db::Session &session, const QStringList &tables)
{
    if (tables.isEmpty())
        throw UserError(QStringLiteral("No table was named."),
                        QStringLiteral("Name each with --table, e.g. --table public.accounts."));
    QStringList names;
    QString script = QStringLiteral("BEGIN;\n");
    for (const QString &given : tables) {
        const QString table =
            given.contains(QLatin1Char('.')) ? given : QStringLiteral("public.") + given;
        // The server quotes the names: regclass prints them as SQL needs them.
        const ResultTable found = session.query(
            QStringLiteral("SELECT c.oid::regclass::text, n.nspname::regnamespace::text, "
                           "pg_has_role(session_user, c.relowner, 'USAGE') OR "
                           "(SELECT rolsuper FROM pg_roles WHERE rolname = session_user) "
                           "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')"),
            {table});
        if (found.rowCount() == 0)
            throw UserError(QStringLiteral("There is no table %1 in this database.").arg(table),
                            QStringLiteral("Name it as schema.table; nothing was registered."));
        if (found.rows[0][2] != u"t")
            throw UserError(
                QStringLiteral("payops allow-writes needs the owner of %1 or a superuser; the "
                               "session's role is neither.")
                    .arg(found.rows[0][0]),
                QStringLiteral("Run it as the table's owner; nothing was registered."));
        const QString quoted = found.rows[0][0];
        names << quoted;
        script += QStringLiteral("GRANT USAGE ON SCHEMA %1 TO payops_owner;\n"
                                 "GRANT SELECT, INSERT, UPDATE, DELETE ON %2 TO payops_owner;\n")
                      .arg(found.rows[0][1], quoted);
    }
    // Registered as payops_owner, whose tables these are, and audited.
    script += QStringLiteral("SET LOCAL ROLE payops_owner;\n");
    for (const QString &name : names) {
        const QString literal = QLatin1Char('\'') +
                                QString(name).replace(QLatin1Char('\''), QStringLiteral("''")) +
                                QLatin1Char('\'');
        script += QStringLiteral("INSERT INTO payops.write_targets (target_table) VALUES "
                                 "(%1::regclass) ON CONFLICT DO NOTHING;\n"
                                 "SELECT payops.audit('write_target.allow', NULL, NULL, NULL, "
                                 "jsonb_build_object('table', %1::text));\n")
                      .arg(literal);
    }
    script += QStringLiteral("COMMIT;");
    try {
        session.executeScript(script);
    } catch (const UserError &e) {
        try {
            session.executeScript(QStringLiteral("ROLLBACK"));
        } catch (const UserError &) {
            // The connection is gone; the server rolled back.
        }
        throw UserError(QStringLiteral("The tables were not registered: %1").arg(e.problem()),
                        QStringLiteral("Run payops allow-writes as the tables' owner (or a "
                                       "superuser who may act as payops_owner); nothing was "
                                       "registered."));
    }
    return names;
}

QStringList writeTargets(db::Session &session)
{
    QStringList names;
    for (const auto &row :
         session
             .query(
                 QStringLiteral("SELECT target_table::text FROM payops.write_targets ORDER BY 1"))
             .rows)
        names << row[0];
    return names;
}

} // namespace payops::exec
