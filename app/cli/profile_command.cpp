#include "cli/profile_command.h"

#include "cli/schema_profile_option.h"
#include "db/session.h"
#include "schema/profile_catalog.h"
#include "schema/profile_draft.h"
#include "schema/schema_profile.h"

#include <QSaveFile>

int runProfileCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("draft or check."));
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("schema"),
                      QStringLiteral("Schema to inspect (draft; default public)."),
                      QStringLiteral("NAME"), QStringLiteral("public")});
    parser.addOption({QStringLiteral("output"),
                      QStringLiteral("Write the draft here instead of to standard output."),
                      QStringLiteral("FILE")});
    const SchemaProfileOption schemaProfile(
        parser, QStringLiteral("Schema profile to check (check; default the demo's)."));
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral(
                "payops profile ACTION: schema profiles, the map of a billing schema "
                "(docs/PROFILES.md).\n"
                "  draft  inspect the database and write a draft schema profile to finish by hand\n"
                "  check  check a schema profile against the database's tables, columns and types"),
            exitCode) ||
        !schemaProfile.check(context, exitCode))
        return exitCode;
    const QString action = parser.positionalArguments().value(0);
    if (action != u"draft" && action != u"check") {
        context.err << "payops profile takes draft or check (payops profile --help).\n";
        return ExitUsage;
    }
    if (action == u"check") {
        const auto profile = schemaProfile.load();
        payops::db::Session session(context.databaseFrom(parser), QString(),
                                    payops::db::SessionOptions(), QStringLiteral("payops profile"));
        const QStringList problems = payops::schema::catalogProblems(session, profile);
        if (problems.isEmpty()) {
            context.out << "The schema profile \"" << profile.name << "\" fits this database.\n";
            return ExitOk;
        }
        context.err << "The schema profile \"" << profile.name
                    << "\" does not fit this database:\n";
        for (const QString &problem : problems)
            context.err << "  - " << problem << '\n';
        return ExitFailure;
    }
    payops::db::Session session(context.databaseFrom(parser), QString(),
                                payops::db::SessionOptions(), QStringLiteral("payops profile"));
    const QByteArray draft =
        payops::schema::draftProfile(session, parser.value(QStringLiteral("schema")));
    if (!parser.isSet(QStringLiteral("output"))) {
        context.out << QString::fromUtf8(draft);
        return ExitOk;
    }
    QSaveFile file(parser.value(QStringLiteral("output")));
    if (!file.open(QIODevice::WriteOnly) || file.write(draft) != draft.size() || !file.commit()) {
        context.err << "Cannot write " << parser.value(QStringLiteral("output")) << ": "
                    << file.errorString() << ".\n";
        return ExitFailure;
    }
    context.err << "Wrote a draft schema profile to " << parser.value(QStringLiteral("output"))
                << "; finish what its \"_todo\" list names, then run payops profile check.\n";
    return ExitOk;
}
