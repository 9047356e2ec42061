#include "cli/ops_commands.h"

#include "db/session.h"
#include "ops/migrator.h"
#include "ops/role_grants.h"

namespace {

payops::db::SessionOptions writableOptions(const QString &purpose)
{
    payops::db::SessionOptions options;
    options.readOnly = false;
    options.purpose = purpose;
    return options;
}

} // namespace

int runMigrateCommand(CliContext &context)
{
    QCommandLineParser parser;
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("declare-environment"),
                      QStringLiteral("Also declare what this database is: production, staging, "
                                     "test or demo. Batches built on it must carry that label."),
                      QStringLiteral("LABEL")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral("payops migrate: install or upgrade the payops schema (cases, batches, "
                           "approvals, audit log) and its roles. Run once by a database owner "
                           "(a superuser, or an owner with CREATEROLE who is a member of "
                           "payops_owner). Idempotent."),
            exitCode))
        return exitCode;
    payops::db::Session session(context.databaseFrom(parser), QString(),
                                writableOptions(QStringLiteral("migrate")),
                                QStringLiteral("payops"));
    const int before = payops::ops::Migrator::installedVersion(session);
    const auto applied = payops::ops::Migrator::migrate(session, [&context](const QString &line) {
        context.err << line << '\n';
        context.err.flush();
    });
    context.out << (applied.isEmpty()
                        ? QStringLiteral("The payops schema is current (version %1).").arg(before)
                        : QStringLiteral("The payops schema went from version %1 to %2.")
                              .arg(before)
                              .arg(applied.last().version))
                << '\n';
    if (parser.isSet(QStringLiteral("declare-environment"))) {
        const QString label = parser.value(QStringLiteral("declare-environment"));
        payops::ops::Migrator::declareEnvironment(session, label);
        context.out << "This database now declares itself " << label << ".\n";
    }
    return ExitOk;
}

int runGrantCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("role"),
        QStringLiteral("viewer, support, operator, approver or watcher (the "
                       "role of payops watch)."));
    parser.addPositionalArgument(QStringLiteral("user"),
                                 QStringLiteral("The database login role to grant it to."));
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("execute"),
                      QStringLiteral("Run the statements on --db instead of printing them.")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral("payops grant ROLE USER: print (or, with --execute, run) the GRANT "
                           "statements that give USER a console role."),
            exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        context.err << "payops grant needs a role and a user, e.g. payops grant approver alice.\n";
        return ExitUsage;
    }
    const QStringList statements = payops::ops::grantStatements(positional[0], positional[1]);
    if (!parser.isSet(QStringLiteral("execute"))) {
        for (const QString &statement : statements)
            context.out << statement << ";\n";
        return ExitOk;
    }
    payops::db::Session session(context.databaseFrom(parser), QString(),
                                writableOptions(QStringLiteral("grant")), QStringLiteral("payops"));
    for (const QString &statement : statements)
        session.executeScript(statement);
    context.out << "Granted " << positional[0] << " to " << positional[1] << ".\n";
    return ExitOk;
}
