// payops: the command-line twin of the console, on the same engine.
#include "cli/allow_money_command.h"
#include "cli/audit_command.h"
#include "cli/batch_command.h"
#include "cli/case_command.h"
#include "cli/cli_context.h"
#include "cli/demo_command.h"
#include "cli/diff_command.h"
#include "cli/money_command.h"
#include "cli/ops_commands.h"
#include "cli/outreach_command.h"
#include "cli/outreach_export_command.h"
#include "cli/profile_command.h"
#include "cli/provider_key_command.h"
#include "cli/restore_command.h"
#include "cli/sandbox_command.h"
#include "cli/scan_command.h"
#include "cli/watch_command.h"
#include "core/user_error.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <memory>

#include <cstdio>

static const char *kUsage =
    "Usage: payops COMMAND [options]   (payops COMMAND --help for each)\n\n"
    "Commands:\n"
    "  demo     start, stop, reset or inspect the demo billing database\n"
    "  scan     run the detectors read-only and print their findings (json, csv, text)\n"
    "  watch    run the detectors on a schedule; one alert per incident, on stderr and a webhook\n"
    "  profile  draft a schema profile from a database, or check one against it\n"
    "  diff     what differs, row by row, between live data and a backup\n"
    "  migrate  install or upgrade the payops schema (a database owner runs it once)\n"
    "  grant    print or run the GRANTs that give a user a console role\n"
    "  case     open an incident case, list cases, show a case's timeline, add a note\n"
    "  restore  plan putting back what a backup holds and live lost; verify a restore\n"
    "  money    plan refunds, reversals or a claw-back from a finding, as batches for approval\n"
    "  outreach a case's roster of affected people, what support records for them, and the\n"
    "           messages to them (outreach export: mail-merge CSV, .eml files, call scripts)\n"
    "  batch    show, submit, approve, reject, dry-run, run, status or revert a batch\n"
    "  allow-writes  register the billing tables corrective batches may write\n"
    "  allow-money   register what money corrective batches may move, its caps, and where it goes\n"
    "  provider-key  store a payment provider's key in the keychain, bound to one database\n"
    "  sandbox  status or stop the console's own restore sandbox\n"
    "  audit    verify the audit log's hash chain against the heads seen here; seal it\n";

int main(int argc, char **argv)
{
    // The dossier draws its PDF and chart with QtGui: only that command
    // starts a (window-less) GUI application; every other stays a plain one.
    const bool drawsDocuments =
        argc > 2 && qstrcmp(argv[1], "case") == 0 && qstrcmp(argv[2], "dossier") == 0;
    if (drawsDocuments && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const std::unique_ptr<QCoreApplication> application =
        drawsDocuments ? std::make_unique<QGuiApplication>(argc, argv)
                       : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("payops"));
    QCoreApplication::setOrganizationName(QStringLiteral("payops"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QStringList arguments = app.arguments().mid(1);
    const QString command = arguments.isEmpty() ? QString() : arguments.takeFirst();
    if (command.isEmpty() || command == u"--help" || command == u"-h" || command == u"help") {
        (command.isEmpty() ? err : out) << kUsage;
        return command.isEmpty() ? ExitUsage : ExitOk;
    }
    CliContext context{arguments, out, err};
    try {
        if (command == u"demo")
            return runDemoCommand(context);
        if (command == u"scan")
            return runScanCommand(context);
        if (command == u"watch")
            return runWatchCommand(context);
        if (command == u"diff")
            return runDiffCommand(context);
        if (command == u"profile")
            return runProfileCommand(context);
        if (command == u"migrate")
            return runMigrateCommand(context);
        if (command == u"grant")
            return runGrantCommand(context);
        if (command == u"restore")
            return runRestoreCommand(context);
        if (command == u"case")
            return runCaseCommand(context);
        if (command == u"money")
            return runMoneyCommand(context);
        if (command == u"batch")
            return runBatchCommand(context);
        if (command == u"allow-writes")
            return runAllowWritesCommand(context);
        if (command == u"allow-money")
            return runAllowMoneyCommand(context);
        if (command == u"outreach" && context.arguments.value(0) == u"export")
            return runOutreachExportCommand(context);
        if (command == u"outreach")
            return runOutreachCommand(context);
        if (command == u"provider-key")
            return runProviderKeyCommand(context);
        if (command == u"sandbox")
            return runSandboxCommand(context);
        if (command == u"audit")
            return runAuditCommand(context);
    } catch (const payops::UserError &e) {
        out.flush();
        err << e.message() << '\n';
        return ExitFailure;
    } catch (const std::exception &e) {
        out.flush();
        err << "Unexpected failure: " << e.what() << '\n';
        return ExitFailure;
    }
    err << "payops has no command \"" << command << "\".\n\n" << kUsage;
    return ExitUsage;
}
