#include "cli/money_run.h"

#include "cli/cli_keychain.h"
#include "cli/interrupt.h"
#include "core/money.h"
#include "core/user_error.h"
#include "db/session.h"
#include "exec/destination_adapter.h"
#include "exec/money_destinations.h"
#include "exec/money_executor.h"
#include "ops/audit_seal.h"
#include "ops/cases.h"

#include <memory>

void addProviderOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("handover-dir"),
                      QStringLiteral("run: for a batch whose destination is an acquirer that "
                                     "takes files, the directory the hand-over files are written "
                                     "to (and found again)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("results"),
                      QStringLiteral("run: the acquirer's result file to import (with "
                                     "--handover-dir); lines that match no item, match one twice "
                                     "or disagree on the amount are reported, never applied."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("concurrency"),
                      QStringLiteral("run: requests in flight at once (default 8)."),
                      QStringLiteral("N"), QStringLiteral("8")});
    parser.addOption({QStringLiteral("timeout-ms"),
                      QStringLiteral("run: how long to wait for one answer (default 10000)."),
                      QStringLiteral("MS"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("item"),
                      QStringLiteral("decide: the item the provider has nothing under."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("send-again"),
                      QStringLiteral("decide: send it again, under the same key.")});
    parser.addOption({QStringLiteral("mark-failed"), QStringLiteral("decide: end it as failed.")});
}

namespace {

// The provider's key: PAYOPS_PROVIDER_KEY for unattended runs, else the
// keychain entry of this database and destination (payops provider-key).
QString providerKey(payops::db::Session &session, const QString &destination)
{
    const QString fromEnvironment = qEnvironmentVariable("PAYOPS_PROVIDER_KEY");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    try {
        return readFromKeychain(
            payops::exec::providerKeyName(payops::ops::readBinding(session), destination));
    } catch (const payops::UserError &e) {
        throw payops::UserError(
            QStringLiteral("No key for destination %1 of this database: %2")
                .arg(destination, e.problem()),
            QStringLiteral("Store it with payops provider-key --destination %1 (it reads the key "
                           "from standard input), or set PAYOPS_PROVIDER_KEY; nothing was sent.")
                .arg(destination));
    }
}

// The adapter the destination takes, from the options; a result file's
// lines that are not applied are printed, each with why.
payops::exec::DestinationAdapter adapterFor(CliContext &context, payops::db::Session &session,
                                            qint64 batch, const QCommandLineParser &parser,
                                            const payops::exec::MoneyDestination &destination)
{
    payops::exec::AdapterOptions options;
    if (destination.adapter == u"file") {
        if (parser.isSet(QStringLiteral("handover-dir")))
            options.handoverDir = parser.value(QStringLiteral("handover-dir"));
        if (parser.isSet(QStringLiteral("results")))
            options.resultsFile = parser.value(QStringLiteral("results"));
    } else {
        options.providerKey = providerKey(session, destination.name);
        options.concurrency = parser.value(QStringLiteral("concurrency")).toInt();
        options.timeoutMs = parser.value(QStringLiteral("timeout-ms")).toInt();
    }
    payops::exec::DestinationAdapter built =
        payops::exec::destinationAdapter(session, batch, destination, options);
    if (built.resultsImported) {
        context.err << "Read " << payops::formatCount(built.resultsToApply)
                    << " results to apply from " << options.resultsFile << "; "
                    << payops::formatCount(built.problems.size()) << " lines not applied.\n";
        for (const QString &problem : built.problems)
            context.out << "Not applied: " << problem << '\n';
    }
    return built;
}

} // namespace

int runMoneyBatch(CliContext &context, payops::db::Session &session, qint64 batch,
                  const QCommandLineParser &parser, int chunk)
{
    const payops::exec::MoneyDestination destination =
        payops::exec::batchMoneyDestination(session, batch);
    const bool files = destination.adapter == u"file";
    const std::unique_ptr<payops::exec::ProviderAdapter> adapter =
        adapterFor(context, session, batch, parser, destination).adapter;
    payops::exec::MoneyExecutor executor(session, batch);
    cancelOnInterrupt();
    executor.startOrResume();
    context.err << "Executing batch " << batch << " through " << adapter->describe() << '\n';
    context.err.flush();
    const payops::exec::MoneyReport report = executor.run(
        *adapter, chunk,
        [&](const payops::exec::ItemCounts &counts) {
            if (parser.isSet(QStringLiteral("progress"))) {
                context.err << counts.describe() << '\n';
                context.err.flush();
            }
        },
        interruptFlag());
    const auto &e = report.execution;
    context.out << "Batch " << batch << " is " << e.batchState << ": " << e.counts.describe()
                << " (" << payops::formatCount(report.sentNow) << " sent, "
                << payops::formatCount(report.reconciledNow) << " looked up, in "
                << e.elapsedMs / 1000.0 << " s)"
                << (e.paused ? "; paused, run again to resume" : "") << ".\n";
    if (report.absent > 0)
        context.out << payops::formatCount(report.absent)
                    << " items: the provider has nothing under their keys. Decide each with payops "
                       "batch decide "
                    << batch << " --item N --send-again|--mark-failed --reason TEXT.\n";
    if (e.counts.unknown > report.absent || e.counts.sending > 0)
        context.out << (files ? "Items are handed over; import the acquirer's result file with "
                                "--results FILE when it comes (never sent twice).\n"
                              : "Some answers are still unknown; run again to look them up "
                                "(never sent twice).\n");
    if (e.counts.held > 0)
        context.out << payops::formatCount(e.counts.held)
                    << " items are held until their person agrees (payops outreach); run again "
                       "then, or finance gives them up (payops batch give-up).\n";
    return e.batchState == u"done" || e.paused || e.batchState == u"executing" ? ExitOk
                                                                               : ExitFindings;
}

int decideAbsentItem(CliContext &context, payops::db::Session &session, qint64 batch,
                     const QCommandLineParser &parser)
{
    bool itemOk = false;
    const int item = parser.value(QStringLiteral("item")).toInt(&itemOk);
    const bool again = parser.isSet(QStringLiteral("send-again"));
    const bool failed = parser.isSet(QStringLiteral("mark-failed"));
    if (!itemOk || again == failed || !parser.isSet(QStringLiteral("reason"))) {
        context.err << "payops batch decide takes --item N, one of --send-again or --mark-failed, "
                       "and --reason TEXT.\n";
        return ExitUsage;
    }
    payops::exec::decideAbsentItem(session, batch, item, again,
                                   parser.value(QStringLiteral("reason")));
    context.out << "Item " << item << " of batch " << batch << " will be "
                << (again ? "sent again under its key on the next run" : "failed") << ".\n";
    return ExitOk;
}

int giveUpHeldItem(CliContext &context, payops::db::Session &session, qint64 batch,
                   const QCommandLineParser &parser)
{
    bool itemOk = false;
    const int item = parser.value(QStringLiteral("item")).toInt(&itemOk);
    if (!itemOk || !parser.isSet(QStringLiteral("reason"))) {
        context.err << "payops batch give-up takes --item N and --reason TEXT.\n";
        return ExitUsage;
    }
    payops::ops::giveUpHeldItem(session, batch, item, parser.value(QStringLiteral("reason")));
    context.out << "Item " << item << " of batch " << batch
                << " is given up: it will not be clawed back (a write-off batch may record "
                   "it).\n";
    return ExitOk;
}
