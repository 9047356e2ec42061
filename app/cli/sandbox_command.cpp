#include "cli/sandbox_command.h"

#include "pgtools/sandbox_cluster.h"

int runSandboxCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("status or stop"));
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops sandbox status|stop: the console's own restore "
                                      "sandbox, a throwaway PostgreSQL cluster in "
                                      "$PAYOPS_SANDBOX_DIR (default /tmp/payops-sandbox-UID) "
                                      "that runs only while an archive is being compared. stop "
                                      "stops it when a killed process left it running."),
                       exitCode))
        return exitCode;
    const QString action = parser.positionalArguments().value(0);
    const payops::pgtools::SandboxCluster sandbox;
    const auto &cluster = sandbox.cluster();
    if (action == u"status") {
        context.out << "The restore sandbox in " << cluster.stateDir() << " is "
                    << (cluster.isRunning()       ? "running"
                        : cluster.isInitialised() ? "stopped"
                                                  : "not created yet")
                    << ".\n";
        return ExitOk;
    }
    if (action == u"stop") {
        cluster.stop();
        context.out << "The restore sandbox in " << cluster.stateDir() << " is stopped.\n";
        return ExitOk;
    }
    context.err << "payops sandbox takes status or stop (payops sandbox --help).\n";
    return ExitUsage;
}
