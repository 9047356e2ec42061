#include "db/error_translation.h"

#include <QRegularExpression>

#include <pqxx/except>

namespace payops::db {

QString sqlStateOf(const std::exception &error)
{
    const auto *sqlError = dynamic_cast<const pqxx::sql_error *>(&error);
    if (!sqlError)
        return {};
    if (!sqlError->sqlstate().empty())
        return QString::fromStdString(sqlError->sqlstate());
    // libpqxx 6.4 throws these without their code; the type says it.
    if (dynamic_cast<const pqxx::insufficient_privilege *>(&error))
        return QStringLiteral("42501");
    if (dynamic_cast<const pqxx::serialization_failure *>(&error))
        return QStringLiteral("40001");
    if (dynamic_cast<const pqxx::deadlock_detected *>(&error))
        return QStringLiteral("40P01");
    return QString();
}

UserError translateDatabaseError(const std::exception &error, const ErrorContext &context)
{
    if (const auto *userError = dynamic_cast<const UserError *>(&error))
        return *userError;
    const QString message = QString::fromUtf8(error.what()).trimmed();
    if (dynamic_cast<const pqxx::sql_error *>(&error))
        return translateDatabaseError(message, sqlStateOf(error), false, context);
    const bool broken = dynamic_cast<const pqxx::broken_connection *>(&error) != nullptr;
    return translateDatabaseError(message, QString(), broken, context);
}

UserError translateDatabaseError(const QString &serverMessage, const QString &sqlState,
                                 bool connectionBroken, const ErrorContext &context)
{
    const QString &target = context.target;
    const QString m = serverMessage;
    auto has = [&m](const char *text) {
        return m.contains(QLatin1String(text), Qt::CaseInsensitive);
    };

    if (has("invalid URI") || has("invalid percent-encoded") || has("invalid connection option") ||
        has("missing \"=\"") || has("unterminated quoted string") || has("invalid integer value") ||
        has("invalid port number"))
        return UserError(QStringLiteral("The connection string %1 is malformed (%2).")
                             .arg(target, serverMessage.section(QLatin1Char('\n'), 0, 0)),
                         QStringLiteral("Write it as postgresql://user@host:port/database or as "
                                        "key=value pairs."));
    if (has("could not translate host name") || has("Name or service not known") ||
        has("Temporary failure in name resolution"))
        return UserError(QStringLiteral("The host of %1 is unknown.").arg(target),
                         QStringLiteral("Check the host name in the profile or URI."));
    if (has("Connection refused") || has("No such file or directory") || has("timeout expired") ||
        has("No route to host") || has("Network is unreachable"))
        return UserError(QStringLiteral("No PostgreSQL server answered for %1.").arg(target),
                         QStringLiteral("Check host and port, and that the server is running "
                                        "and reachable from this machine."));
    if (has("password authentication failed") || sqlState == u"28P01")
        return UserError(QStringLiteral("The server refused the password for %1.").arg(target),
                         QStringLiteral("Type the password again, or update it in the keychain."));
    if (has("no password supplied") || has("fe_sendauth"))
        return UserError(QStringLiteral("%1 needs a password and none was given.").arg(target),
                         QStringLiteral("Store the password in the keychain or type it when "
                                        "asked."));
    if ((has("role \"") && has("does not exist")) || sqlState == u"28000")
        return UserError(QStringLiteral("The server does not know the user of %1.").arg(target),
                         QStringLiteral("Check the user name, or ask a database owner to create "
                                        "the role (see payops grant)."));
    if ((has("database \"") && has("does not exist")) || sqlState == u"3D000")
        return UserError(QStringLiteral("The database of %1 does not exist.").arg(target),
                         QStringLiteral("Check the database name in the profile or URI."));
    if (sqlState == u"57014")
        return UserError(QStringLiteral("The query to %1 was cancelled or ran past the statement "
                                        "timeout.")
                             .arg(target),
                         QStringLiteral("Run it again, narrow it, or raise the timeout."));
    if ((sqlState == u"42501" || has("permission denied")) &&
        (has("approve_batch") || has("reject_batch") || has("payops_approver") ||
         has("may not approve")))
        return UserError(
            QStringLiteral("The database refused this decision for %1 (%2).")
                .arg(target, serverMessage.section(QLatin1Char('\n'), 0, 0)),
            QStringLiteral("Only a finance approver who neither built nor submitted the batch may "
                           "decide it (payops grant approver USER)."));
    const bool denied = sqlState == u"42501" || has("permission denied");
    // What only an owner or a superuser may do (such messages can come
    // without their SQLSTATE, as from a multi-statement script), and what a
    // set-up script lacks: no viewer grant helps there.
    const bool ownersOnly = has("must be owner") || has("must have admin option") ||
                            has("must be superuser") || has("must be member of role");
    if (ownersOnly || (denied && context.script))
        return UserError(
            QStringLiteral("The user of %1 lacks the privilege to %2 (%3).")
                .arg(target, context.action, serverMessage.section(QLatin1Char('\n'), 0, 0)),
            QStringLiteral("Run it as a role that holds it: a database owner (a superuser, or "
                           "the owner of what it changes); the console's viewer, operator and "
                           "approver roles never do."));
    // A payops function's own check ("payops: support is not a member of
    // payops_operator"): the viewer grant is no remedy; the role named is.
    static const QRegularExpression missingRole(
        QStringLiteral("is not a member of payops_(\\w+)|is neither an (operator) nor support"));
    if (const auto role = missingRole.match(serverMessage); denied && role.hasMatch()) {
        const QString name =
            role.captured(1).isEmpty() ? QStringLiteral("support") : role.captured(1);
        const QString article =
            name == u"operator" || name == u"approver" ? QStringLiteral("an ") : QString();
        return UserError(
            QStringLiteral("The user of %1 may not %2: that takes the console's %3 role, which "
                           "it does not hold.")
                .arg(target, context.action, name),
            QStringLiteral("Sign in as %1%2, or ask a database owner to grant the role (payops "
                           "grant %2 USER). Nothing was changed.")
                .arg(article, name));
    }
    if (denied)
        return UserError(
            QStringLiteral("The user of %1 lacks the privilege to %2 (%3).")
                .arg(target, context.action, serverMessage.section(QLatin1Char('\n'), 0, 0)),
            context.viewer
                ? QStringLiteral("This user already holds the viewer role, so the grant is "
                                 "missing elsewhere: ask a database owner to run payops grant "
                                 "viewer USER again (it covers tables added since), or to grant "
                                 "a view's owner what the view reads. The payops tables are "
                                 "written only through the payops functions.")
                : QStringLiteral("Ask a database owner to grant the viewer role to this "
                                 "user (payops grant viewer USER)."));
    if (sqlState == u"42P01" || sqlState == u"3F000" || sqlState == u"42703")
        return UserError(QStringLiteral("%1 does not have the billing schema the console expects "
                                        "(%2).")
                             .arg(target, serverMessage.section(QLatin1Char('\n'), 0, 0)),
                         QStringLiteral("Check that the profile points at the billing database, "
                                        "or map its schema in a schema profile."));
    if (sqlState == u"25006")
        return UserError(
            QStringLiteral("%1 is open read-only, so it cannot %2.").arg(target, context.action),
            QStringLiteral("Use the guided workflow, which opens a writable session "
                           "for that step."));
    if (connectionBroken || sqlState.startsWith(u"08"))
        return UserError(
            QStringLiteral("The connection to %1 was lost while trying to %2 (%3).")
                .arg(target, context.action, serverMessage.section(QLatin1Char('\n'), 0, 0)),
            QStringLiteral("Check the server and the network, then try again."));
    return UserError(
        QStringLiteral("Could not %1 on %2: %3")
            .arg(context.action, target, serverMessage.section(QLatin1Char('\n'), 0, 0)),
        sqlState.isEmpty() ? QStringLiteral("Check the connection settings.")
                           : QStringLiteral("SQLSTATE %1; see the server log for "
                                            "details.")
                                 .arg(sqlState));
}

} // namespace payops::db
