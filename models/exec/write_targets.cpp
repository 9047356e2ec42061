#include "exec/write_targets.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"

namespace payops::exec {

QStringList allowWrites(db::Session &session, const QStringList &tables)
{
    if (tables.isEmpty())
        throw UserError(QStringLiteral("No table was named."),
                        QStringLiteral("Name each with --table, e.g. --table public.accounts."));
    QStringList names;
    QString grants;
    QString registrations;
    for (const QString &given : tables) {
        const QString table =
            given.contains(QLatin1Char('.')) ? given : QStringLiteral("public.") + given;
        // The server quotes the names: regclass prints them as SQL needs them.
        const ResultTable found =
            session.query(db::sqlResource(QStringLiteral("exec/write_target_table")), {table});
        if (found.rowCount() == 0)
            throw UserError(QStringLiteral("There is no table %1 in this database.").arg(table),
                            QStringLiteral("Name it as schema.table; nothing was registered."));
        const QString quoted = found.value(0, QStringLiteral("table_name"));
        if (found.value(0, QStringLiteral("may_grant")) != u"t")
            throw UserError(
                QStringLiteral("payops allow-writes needs the owner of %1 or a superuser; the "
                               "session's role is neither.")
                    .arg(quoted),
                QStringLiteral("Run it as the table's owner; nothing was registered."));
        names << quoted;
        grants += db::renderSql(
                      db::sqlResource(QStringLiteral("exec/grant_write_target")),
                      {{QStringLiteral("schema"), found.value(0, QStringLiteral("schema_name"))},
                       {QStringLiteral("table"), quoted}}) +
                  QLatin1Char('\n');
        registrations +=
            db::renderSql(db::sqlResource(QStringLiteral("exec/register_write_target")),
                          {{QStringLiteral("table_literal"), db::sqlLiteral(quoted)}}) +
            QLatin1Char('\n');
    }
    // One transaction: every table registered, or none.
    const QString script = QStringLiteral("BEGIN;\n") + grants +
                           QStringLiteral("SET LOCAL ROLE payops_owner;\n") + registrations +
                           QStringLiteral("COMMIT;");
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
         session.query(db::sqlResource(QStringLiteral("exec/write_targets"))).rows)
        names << row[0];
    return names;
}

} // namespace payops::exec
