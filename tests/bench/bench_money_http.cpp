// Refunds through the HTTP adapter against the local fake provider: the
// money executor (keys committed before each chunk is sent, outcomes
// recorded, the provider's own answers) on an approved batch of --items
// refunds, against a baseline of the same number of POSTs sent straight to
// the same provider at the same concurrency with no database at all.
// Usage: bench_money_http [--items N] [--concurrency N] [--chunk N]
//   (the demo cluster in $PAYOPS_DEMO_DIR holds the scratch database)
#include "exec/adapters/http_adapter.h"
#include "exec/money_executor.h"
#include "support/exactly_once_refunds.h"
#include "support/fake_provider.h"
#include "support/scratch_payops.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace payops;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("items"), QStringLiteral("Refunds (default 5000)."),
                      QStringLiteral("N"), QStringLiteral("5000")});
    parser.addOption({QStringLiteral("concurrency"),
                      QStringLiteral("Requests in flight (default 8)."), QStringLiteral("N"),
                      QStringLiteral("8")});
    parser.addOption({QStringLiteral("chunk"), QStringLiteral("Items per chunk (default 50)."),
                      QStringLiteral("N"), QStringLiteral("50")});
    parser.process(app);
    const int items = parser.value(QStringLiteral("items")).toInt();
    const int concurrency = parser.value(QStringLiteral("concurrency")).toInt();
    const int chunk = parser.value(QStringLiteral("chunk")).toInt();

    test::FakeProvider provider;
    exec::HttpAdapter::Settings settings;
    settings.baseUrl = provider.url();
    settings.apiKey = provider.apiKey();
    settings.environment = QStringLiteral("test");
    settings.destination = QLatin1String(test::ExactlyOnceRefunds::kDestination);
    settings.concurrency = concurrency;

    // Baseline: the same POSTs, no database.
    QVector<exec::ProviderItem> direct;
    for (int n = 1; n <= items; ++n)
        direct.append({n, QStringLiteral("baseline-%1").arg(n), QStringLiteral("refund"),
                       QStringLiteral("ch_%1").arg(n), 1000, QStringLiteral("USD"),
                       QStringLiteral("baseline")});
    exec::HttpAdapter adapter(settings);
    QElapsedTimer clock;
    clock.start();
    for (int start = 0; start < direct.size(); start += chunk)
        adapter.send(direct.mid(start, chunk));
    const double baselineMs = double(clock.elapsed());
    provider.clear();

    test::ScratchPayops db(QStringLiteral("benchmoney"));
    const test::ExactlyOnceRefunds refunds(db, items, provider.url());
    auto op = db.as(QStringLiteral("operator"));
    exec::MoneyExecutor executor(*op, refunds.batchId().toLongLong());
    executor.startOrResume();
    clock.restart();
    const exec::MoneyReport report = executor.run(adapter, chunk);
    const double ms = double(clock.elapsed());
    const QString problem = refunds.verify(provider);
    std::printf("%d refunds, concurrency %d, chunks of %d: executor %.0f ms (%.0f items/s), state "
                "%s; the same POSTs without a database %.0f ms (%.0f/s); ratio %.2f; %s\n",
                items, concurrency, chunk, ms, 1000.0 * items / ms,
                qPrintable(report.execution.batchState), baselineMs, 1000.0 * items / baselineMs,
                ms / baselineMs,
                problem.isEmpty() ? "every refund booked once" : qPrintable(problem));
    return problem.isEmpty() ? 0 : 1;
}
