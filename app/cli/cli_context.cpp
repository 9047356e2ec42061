#include "cli/cli_context.h"

#include "core/user_error.h"
#include "demo/demo_cluster.h"

#include <QRegularExpression>

namespace {

// "90s", "5m", "2h", or plain seconds; 0 when it is none of these.
int lagLimitSeconds(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^\\s*(\\d{1,7})\\s*([smh]?)\\s*$"));
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch())
        return 0;
    const qint64 count = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    const qint64 seconds = unit == u"h" ? count * 3600 : unit == u"m" ? count * 60 : count;
    return seconds > 0 && seconds <= 7 * 86400 ? int(seconds) : 0;
}

// --primary and --max-lag, on whatever --db or the demo gave.
void applyServerOptions(const QCommandLineParser &parser, payops::ConnectionProfile &profile)
{
    if (parser.isSet(QStringLiteral("primary")))
        profile.primary = parser.value(QStringLiteral("primary"));
    if (parser.isSet(QStringLiteral("max-lag"))) {
        const int seconds = lagLimitSeconds(parser.value(QStringLiteral("max-lag")));
        if (seconds == 0)
            throw payops::UserError(
                QStringLiteral("--max-lag \"%1\" is no duration.")
                    .arg(parser.value(QStringLiteral("max-lag"))),
                QStringLiteral("Give seconds, minutes or hours, such as 90s, 5m or 1h (at most "
                               "a week); nothing was run."));
        profile.maxStandbyLagSeconds = seconds;
    }
}

} // namespace

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
    parser.addOption(
        {QStringLiteral("primary"),
         QStringLiteral("The primary's URI when --db names only a standby: investigation reads "
                        "the standby, cases, batches, outreach and the audit log the primary "
                        "(default: the primary among --db's hosts)."),
         QStringLiteral("URI")});
    parser.addOption({QStringLiteral("max-lag"),
                      QStringLiteral("Refuse to investigate on a standby further behind its "
                                     "primary than this (default 5m)."),
                      QStringLiteral("DURATION")});
}

payops::ConnectionProfile CliContext::databaseFrom(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("db"))) {
        auto profile = payops::ConnectionProfile::fromUri(
            parser.value(QStringLiteral("db")), parser.value(QStringLiteral("environment")));
        applyServerOptions(parser, profile);
        return profile;
    }
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
    applyServerOptions(parser, profile);
    return profile;
}
