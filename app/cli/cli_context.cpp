#include "cli/cli_context.h"

#include "demo/demo_cluster.h"

bool CliContext::parse(QCommandLineParser &parser, const QString &usage, int &exitCode)
{
    parser.setApplicationDescription(usage);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    // QCommandLineParser expects the program name first.
    if (!parser.parse(QStringList{QStringLiteral("payops")} + arguments)) {
        err << parser.errorText() << "\n\n" << parser.helpText();
        exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        exitCode = ExitOk;
        return false;
    }
    return true;
}

void CliContext::addDatabaseOption(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("db"),
                      QStringLiteral("Billing database as a postgresql:// URI or key=value string "
                                     "(default: the demo, started if needed)."),
                      QStringLiteral("URI")});
    parser.addOption({QStringLiteral("environment"),
                      QStringLiteral("Environment label of --db: production, staging, test or demo "
                                     "(default: what the database says, else unknown)."),
                      QStringLiteral("LABEL")});
}

payops::ConnectionProfile CliContext::databaseFrom(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("db")))
        return payops::ConnectionProfile::fromUri(parser.value(QStringLiteral("db")),
                                                  parser.value(QStringLiteral("environment")));
    payops::demo::DemoCluster demo;
    if (!demo.isBuilt() || !demo.isRunning()) {
        err << "No --db given: starting the demo (payops demo start).\n";
        err.flush();
        demo.start(1.0, [this](const QString &line) {
            err << line << '\n';
            err.flush();
        });
    }
    auto profile = payops::ConnectionProfile::fromUri(demo.liveUri(), QStringLiteral("demo"));
    profile.name = QStringLiteral("demo");
    return profile;
}
