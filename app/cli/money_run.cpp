#include "cli/money_run.h"

#include "cli/interrupt.h"
#include "core/money.h"
#include "core/user_error.h"
#include "db/session.h"
#include "exec/adapters/http_adapter.h"
#include "exec/money_executor.h"

void addProviderOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("provider"),
         QStringLiteral("run: the payment provider's API (https://...), for a batch whose items "
                        "go to a provider; its key is read from PAYOPS_PROVIDER_KEY."),
         QStringLiteral("URL")});
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

int runMoneyBatch(CliContext &context, payops::db::Session &session, qint64 batch,
                  const QCommandLineParser &parser, int chunk)
{
    if (!parser.isSet(QStringLiteral("provider")) ||
        !parser.isSet(QStringLiteral("provider-environment"))) {
        context.err << "Batch " << batch
                    << " sends money through a payment provider: give --provider URL and "
                       "--provider-environment LABEL (the key comes from PAYOPS_PROVIDER_KEY).\n";
        return ExitUsage;
    }
    payops::exec::HttpAdapter::Settings settings;
    settings.baseUrl = QUrl(parser.value(QStringLiteral("provider")));
    settings.environment = parser.value(QStringLiteral("provider-environment"));
    settings.apiKey = qEnvironmentVariable("PAYOPS_PROVIDER_KEY");
    settings.concurrency = parser.value(QStringLiteral("concurrency")).toInt();
    settings.timeoutMs = parser.value(QStringLiteral("timeout-ms")).toInt();
    if (settings.concurrency < 1 || settings.concurrency > 64 || settings.timeoutMs < 100) {
        context.err << "--concurrency takes 1 to 64, --timeout-ms at least 100.\n";
        return ExitUsage;
    }
    payops::exec::HttpAdapter adapter(settings);
    payops::exec::MoneyExecutor executor(session, batch);
    cancelOnInterrupt();
    executor.startOrResume();
    context.err << "Executing batch " << batch << " through " << adapter.describe() << '\n';
    context.err.flush();
    const payops::exec::MoneyReport report = executor.run(
        adapter, chunk,
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
        context.out << "Some answers are still unknown; run again to look them up (never sent "
                       "twice).\n";
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
