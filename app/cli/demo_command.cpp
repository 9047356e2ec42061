#include "cli/demo_command.h"

#include "core/user_error.h"
#include "demo/demo_cluster.h"
#include "demo/demo_injection.h"

int runDemoCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("action"),
        QStringLiteral("start, stop, reset, status, manifest or inject NAME."));
    parser.addOption(
        {QStringLiteral("scale"),
         QStringLiteral("Size factor: 1 is about 20,000 accounts and 500,000 payments; "
                        "20 reaches 10 million payments (default 1)."),
         QStringLiteral("FACTOR"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("dir"),
                      QStringLiteral("Directory of the demo cluster (default: $PAYOPS_DEMO_DIR or "
                                     "/tmp/payops-demo-UID)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("database"),
                      QStringLiteral("inject: the database to inject into, billing or a copy of "
                                     "it in the demo's cluster (default billing)."),
                      QStringLiteral("NAME"), QStringLiteral("billing")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral("payops demo ACTION: the demo billing database with the five "
                           "incidents, in a throwaway PostgreSQL cluster owned by you.\n"
                           "  start     create it on first use (later starts reuse it) and "
                           "print live=URI and backup=URI\n"
                           "  stop      stop its server\n"
                           "  reset     delete and create it again\n"
                           "  status    say whether it is built and running\n"
                           "  manifest  print the ground truth of the injected incidents as JSON\n"
                           "  inject NAME  copy one incident into the running demo now (fresh "
                           "keys, current times), recorded in its ground truth; NAME is one of "
                           "account_deletions, wrong_customer_charges, staging_refunds, "
                           "overwritten_conversations, double_interest"),
            exitCode))
        return exitCode;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    bool scaleOk = false;
    const double scale = parser.value(QStringLiteral("scale")).toDouble(&scaleOk);
    if (!scaleOk || scale <= 0 || scale > 100) {
        context.err << "--scale takes a number above 0 and at most 100, not \""
                    << parser.value(QStringLiteral("scale")) << "\".\n";
        return ExitUsage;
    }
    const QString dir = parser.isSet(QStringLiteral("dir"))
                            ? parser.value(QStringLiteral("dir"))
                            : payops::demo::DemoCluster::defaultStateDir();
    payops::demo::DemoCluster demo(dir);
    auto log = [&context](const QString &line) {
        context.err << line << '\n';
        context.err.flush();
    };
    if (action == u"start" || action == u"reset") {
        if (action == u"start")
            demo.start(scale, log);
        else
            demo.reset(scale, log);
        context.out << "live=" << demo.liveUri() << '\n' << "backup=" << demo.backupUri() << '\n';
        return ExitOk;
    }
    if (action == u"stop") {
        demo.stop();
        context.err << "The demo server in " << dir << " is stopped.\n";
        return ExitOk;
    }
    if (action == u"status") {
        context.out << "dir=" << dir << '\n'
                    << "built=" << (demo.isBuilt() ? "yes" : "no") << '\n'
                    << "running=" << (demo.isRunning() ? "yes" : "no") << '\n';
        return ExitOk;
    }
    if (action == u"manifest") {
        context.out << demo.manifestJson() << '\n';
        return ExitOk;
    }
    if (action == u"inject") {
        const QString database = parser.value(QStringLiteral("database"));
        const auto result =
            payops::demo::DemoInjection::inject(demo, positional.value(1), database);
        context.out << "Injected " << positional.value(1) << " into " << database << ": "
                    << result.rowsRecorded << " rows recorded in demo_truth.changes as "
                    << result.actor << " (window " << result.window << ").\n";
        return ExitOk;
    }
    context.err << (action.isEmpty()
                        ? QStringLiteral("payops demo needs an action.")
                        : QStringLiteral("payops demo has no action \"%1\".").arg(action))
                << " Use start, stop, reset, status, manifest or inject (payops demo --help).\n";
    return ExitUsage;
}
