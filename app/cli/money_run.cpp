#include "cli/money_run.h"

#include "cli/interrupt.h"
#include "core/money.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "exec/adapters/file_adapter.h"
#include "exec/adapters/http_adapter.h"
#include "exec/money_executor.h"

#include <memory>

void addProviderOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("provider"),
         QStringLiteral("run: the payment provider's API (https://...), for a batch whose items "
                        "go to a provider; its key is read from PAYOPS_PROVIDER_KEY."),
         QStringLiteral("URL")});
    parser.addOption({QStringLiteral("handover-dir"),
                      QStringLiteral("run: hand the items over as files in this directory, for an "
                                     "acquirer or bank that answers with a result file."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("acquirer"),
                      QStringLiteral("run: the acquirer's name in the hand-over files (default "
                                     "acquirer)."),
                      QStringLiteral("NAME"), QStringLiteral("acquirer")});
    parser.addOption({QStringLiteral("results"),
                      QStringLiteral("run: the acquirer's result file to import (with "
                                     "--handover-dir); lines that match no item, match one twice "
                                     "or disagree on the amount are reported, never applied."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("provider-environment"),
                      QStringLiteral("run: the environment the provider's key belongs to "
                                     "(production, staging, ...); it must be the batch's."),
                      QStringLiteral("LABEL")});
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

std::unique_ptr<payops::exec::ProviderAdapter> fileAdapter(CliContext &context,
                                                           payops::db::Session &session,
                                                           qint64 batch,
                                                           const QCommandLineParser &parser)
{
    payops::exec::FileAdapter::Settings settings;
    settings.handoverDir = parser.value(QStringLiteral("handover-dir"));
    settings.environment = parser.value(QStringLiteral("provider-environment"));
    settings.acquirer = parser.value(QStringLiteral("acquirer"));
    auto adapter = std::make_unique<payops::exec::FileAdapter>(settings);
    if (parser.isSet(QStringLiteral("results"))) {
        QHash<QString, payops::exec::ExpectedItem> expected;
        for (const auto &row : session
                                   .query(payops::db::sqlResource(QStringLiteral("exec/item_keys")),
                                          {QString::number(batch)})
                                   .rows)
            expected.insert(row[0], {row[1].toLongLong(), row[2]});
        const payops::exec::ResultFile read =
            payops::exec::readResultFile(parser.value(QStringLiteral("results")), expected);
        context.err << "Read " << payops::formatCount(read.results.size())
                    << " results to apply from " << parser.value(QStringLiteral("results")) << "; "
                    << payops::formatCount(read.problems.size()) << " lines not applied.\n";
        for (const QString &problem : read.problems)
            context.out << "Not applied: " << problem << '\n';
        adapter->setResults(read.results);
    }
    return adapter;
}

std::unique_ptr<payops::exec::ProviderAdapter> httpAdapter(const QCommandLineParser &parser)
{
    payops::exec::HttpAdapter::Settings settings;
    settings.baseUrl = QUrl(parser.value(QStringLiteral("provider")));
    settings.environment = parser.value(QStringLiteral("provider-environment"));
    settings.apiKey = qEnvironmentVariable("PAYOPS_PROVIDER_KEY");
    settings.concurrency = parser.value(QStringLiteral("concurrency")).toInt();
    settings.timeoutMs = parser.value(QStringLiteral("timeout-ms")).toInt();
    if (settings.concurrency < 1 || settings.concurrency > 64 || settings.timeoutMs < 100)
        throw payops::UserError(QStringLiteral("--concurrency takes 1 to 64, --timeout-ms at "
                                               "least 100."),
                                QStringLiteral("Nothing was sent."));
    return std::make_unique<payops::exec::HttpAdapter>(settings);
}

} // namespace

int runMoneyBatch(CliContext &context, payops::db::Session &session, qint64 batch,
                  const QCommandLineParser &parser, int chunk)
{
    const bool files = parser.isSet(QStringLiteral("handover-dir"));
    if ((!files && !parser.isSet(QStringLiteral("provider"))) ||
        !parser.isSet(QStringLiteral("provider-environment"))) {
        context.err << "Batch " << batch
                    << " sends money through a payment provider: give --provider URL (the key "
                       "comes from PAYOPS_PROVIDER_KEY) or --handover-dir DIR, and "
                       "--provider-environment LABEL.\n";
        return ExitUsage;
    }
    const std::unique_ptr<payops::exec::ProviderAdapter> adapter =
        files ? fileAdapter(context, session, batch, parser) : httpAdapter(parser);
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
    session.query(
        QStringLiteral("SELECT payops.decide_absent_item($1::bigint, $2::integer, $3, $4)"),
        {QString::number(batch), QString::number(item),
         again ? QStringLiteral("send_again") : QStringLiteral("failed"),
         parser.value(QStringLiteral("reason"))});
    context.out << "Item " << item << " of batch " << batch << " will be "
                << (again ? "sent again under its key on the next run" : "failed") << ".\n";
    return ExitOk;
}
