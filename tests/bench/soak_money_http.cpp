// The money soak: test_money_http's kill test at 1,000 moments (or
// --moments N) of an --items N refund batch sent through the HTTP adapter
// to the local fake provider, --ambiguous of whose answers are lost, 5xx
// or late after success; on the demo cluster named by PAYOPS_DEMO_DIR.
// Prints the kills, the runs and the verdict against the provider's
// ledger; exits 0 only when every item was refunded exactly once.
#include "support/cli_run.h"
#include "support/exactly_once_refunds.h"
#include "support/fake_provider.h"
#include "support/kill_loop.h"
#include "support/scratch_payops.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("moments"), QStringLiteral("SIGKILLs to send (default 1000)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("items"), QStringLiteral("Refunds (default 60000)."),
                      QStringLiteral("N"), QStringLiteral("60000")});
    // A run spends its first 100-200 ms connecting, claiming and looking up
    // what the last one left open: kills up to 400 ms in land while
    // refunds are being sent too.
    parser.addOption({QStringLiteral("max-delay-ms"),
                      QStringLiteral("Latest kill moment into a run (default 400)."),
                      QStringLiteral("MS"), QStringLiteral("400")});
    parser.addOption({QStringLiteral("ambiguous"),
                      QStringLiteral("Share of answers lost, 5xx or late after success (default "
                                     "0.1)."),
                      QStringLiteral("SHARE"), QStringLiteral("0.1")});
    parser.process(app);
    const int moments = parser.value(QStringLiteral("moments")).toInt();
    const int items = parser.value(QStringLiteral("items")).toInt();
    qputenv("PAYOPS_PROVIDER_KEY", "sk_test_fake");
    QElapsedTimer clock;
    clock.start();
    payops::test::ScratchPayops db(QStringLiteral("moneysoak"));
    payops::test::FakeProvider provider;
    const payops::test::ExactlyOnceRefunds refunds(db, items, provider.url());
    provider.setDelay(1000);
    provider.setAmbiguousShare(parser.value(QStringLiteral("ambiguous")).toDouble(),
                               quint32(QCoreApplication::applicationPid()));
    refunds.begin();
    const QStringList run = {
        QStringLiteral("batch"),   QStringLiteral("run"),  refunds.batchId(),
        QStringLiteral("--chunk"), QStringLiteral("40"),   QStringLiteral("--timeout-ms"),
        QStringLiteral("300"),     QStringLiteral("--db"), db.uri(QStringLiteral("operator"))};
    const auto report = payops::test::runUnderKills(
        run, moments, 5, 120, [&] { return refunds.progressed(); },
        quint32(QCoreApplication::applicationPid()));
    // Then as the operator would: to the end, deciding each item the
    // provider has nothing under (after its window) to be sent again.
    int absent = 0;
    for (int attempt = 0; attempt < 30; ++attempt) {
        absent += int(refunds.absentItems().size());
        refunds.sendAbsentItemsAgain();
        if (payops::test::runCli(run).out.contains(" is done"))
            break;
        QThread::msleep(1200);
    }
    const QString problem = refunds.verify(provider);
    std::printf("%d refunds, %d kills (%d while items moved), %d runs, %d sent again after a "
                "lookup found nothing, %d requests, %.0f s: %s\n",
                items, report.kills, report.killsMidWork, report.runs, absent,
                int(provider.requests().size()), clock.elapsed() / 1000.0,
                problem.isEmpty() && report.kills == moments
                    ? "every item refunded exactly once"
                    : qPrintable(problem.isEmpty() ? report.lastError : problem));
    return problem.isEmpty() && report.kills == moments ? 0 : 1;
}
