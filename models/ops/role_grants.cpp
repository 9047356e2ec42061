#include "ops/role_grants.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"

namespace payops::ops {

QStringList grantStatements(const QString &role, const QString &user)
{
    static const QStringList roles = {QStringLiteral("viewer"), QStringLiteral("support"),
                                      QStringLiteral("operator"), QStringLiteral("approver"),
                                      QStringLiteral("watcher")};
    if (!roles.contains(role))
        throw UserError(QStringLiteral("There is no console role \"%1\".").arg(role),
                        QStringLiteral("Use viewer, support, operator, approver or watcher."));
    if (user.trimmed().isEmpty())
        throw UserError(
            QStringLiteral("No database user was named."),
            QStringLiteral("Give the login role to grant to, e.g. payops grant operator alice."));
    if (role == u"watcher")
        // The watch reads the billing tables and writes only its alert state:
        // it is no viewer of cases, batches or the audit log.
        return {
            QStringLiteral("GRANT USAGE ON SCHEMA public TO payops_watcher"),
            QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO payops_watcher"),
            QStringLiteral("GRANT payops_watcher TO %1").arg(db::quoteIdent(user)),
        };
    return {
        // Investigation reads the billing tables; the viewer role carries that.
        QStringLiteral("GRANT USAGE ON SCHEMA public TO payops_viewer"),
        QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO payops_viewer"),
        QStringLiteral("GRANT payops_%1 TO %2").arg(role, db::quoteIdent(user)),
    };
}

QString consoleRole(db::Session &session)
{
    return session.query(db::sqlResource(QStringLiteral("ops/console_role")))
        .rows.value(0)
        .value(0);
}

} // namespace payops::ops
