#include "exec/destination_adapter.h"

#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "exec/adapters/file_adapter.h"
#include "exec/adapters/http_adapter.h"

#include <QHash>
#include <QUrl>

namespace payops::exec {

namespace {

DestinationAdapter fileAdapter(db::Session &session, qint64 batchId,
                               const MoneyDestination &destination, const AdapterOptions &options)
{
    if (options.handoverDir.isEmpty())
        throw UserError(QStringLiteral("Batch %1 goes to %2, which takes files.")
                            .arg(batchId)
                            .arg(destination.describe()),
                        QStringLiteral("Give --handover-dir DIR (and --results FILE when its "
                                       "answer came); nothing was handed over."));
    FileAdapter::Settings settings;
    settings.handoverDir = options.handoverDir;
    settings.environment = destination.environment;
    settings.acquirer = destination.address;
    settings.destination = destination.name;
    auto adapter = std::make_unique<FileAdapter>(settings);
    DestinationAdapter built;
    if (!options.resultsFile.isEmpty()) {
        // Each line is checked against the item it names: its key, amount
        // and currency, as the batch holds them.
        QHash<QString, ExpectedItem> expected;
        for (const auto &row : session
                                   .query(db::sqlResource(QStringLiteral("exec/item_keys")),
                                          {QString::number(batchId)})
                                   .rows)
            expected.insert(row[0], {row[1].toLongLong(), row[2]});
        const ResultFile read = readResultFile(options.resultsFile, expected);
        adapter->setResults(read.results);
        built.resultsImported = true;
        built.resultsToApply = int(read.results.size());
        built.problems = read.problems;
    }
    built.adapter = std::move(adapter);
    return built;
}

DestinationAdapter httpAdapter(const MoneyDestination &destination, const AdapterOptions &options)
{
    HttpAdapter::Settings settings;
    settings.baseUrl = QUrl(destination.address);
    settings.environment = destination.environment;
    settings.destination = destination.name;
    settings.apiKey = options.providerKey;
    settings.concurrency = options.concurrency;
    settings.timeoutMs = options.timeoutMs;
    if (settings.concurrency < 1 || settings.concurrency > 64 || settings.timeoutMs < 100)
        throw UserError(QStringLiteral("--concurrency takes 1 to 64, --timeout-ms at least 100."),
                        QStringLiteral("Nothing was sent."));
    DestinationAdapter built;
    built.adapter = std::make_unique<HttpAdapter>(settings);
    return built;
}

} // namespace

QString providerKeyName(const DatabaseBinding &binding, const QString &destination)
{
    return QStringLiteral("provider-key/%1/%2/%3/%4")
        .arg(binding.systemIdentifier, binding.database, binding.installId, destination);
}

MoneyDestination batchMoneyDestination(db::Session &session, qint64 batchId)
{
    // Where the money goes is part of what was approved: the items name
    // their destination, registered on this database with its address.
    const QString named = batchDestination(session, batchId);
    if (named.isEmpty() || named.contains(u','))
        throw UserError(
            QStringLiteral("Batch %1 sends money but its items name %2.")
                .arg(batchId)
                .arg(named.isEmpty() ? QStringLiteral("no destination")
                                     : QStringLiteral("several destinations (%1)").arg(named)),
            QStringLiteral("Plan it again with payops money plan --destination NAME; nothing was "
                           "sent."));
    return moneyDestination(session, named);
}

DestinationAdapter destinationAdapter(db::Session &session, qint64 batchId,
                                      const MoneyDestination &destination,
                                      const AdapterOptions &options)
{
    return destination.adapter == u"file" ? fileAdapter(session, batchId, destination, options)
                                          : httpAdapter(destination, options);
}

} // namespace payops::exec
