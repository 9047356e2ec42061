#pragma once

#include "core/database_binding.h"
#include "exec/adapters/provider_adapter.h"
#include "exec/money_destinations.h"

#include <QStringList>

#include <memory>

namespace payops::db {
class Session;
}

namespace payops::exec {

// The keychain entry of a destination's key on one database: bound to the
// database, so a key stored for production is never offered to a staging
// database's batch, whose binding differs. payops provider-key writes it;
// payops batch run and the console's run read it.
QString providerKeyName(const DatabaseBinding &binding, const QString &destination);

// The registered destination a money batch's items name. Throws UserError
// when they name none or several (the plan must name exactly one).
MoneyDestination batchMoneyDestination(db::Session &session, qint64 batchId);

// What a run needs besides the destination, as payops batch run's options
// or the console's run dialog give it.
struct AdapterOptions
{
    QString providerKey; // an HTTP destination's key (keychain or PAYOPS_PROVIDER_KEY)
    QString handoverDir; // a file destination's hand-over folder
    QString resultsFile; // the acquirer's result file to import, when it came
    int concurrency = 8;
    int timeoutMs = 10000;
};

// The adapter for a destination, and what importing a result file found.
struct DestinationAdapter
{
    std::unique_ptr<ProviderAdapter> adapter;
    bool resultsImported = false; // a result file was given and read
    int resultsToApply = 0;       // its lines that match an item exactly
    QStringList problems;         // its lines never applied, each with why
};

// Builds the adapter a destination takes: HTTP with the key, or files in
// the hand-over folder, with the result file read against the batch's
// items (only matching lines are ever applied). Throws UserError, naming
// what is missing, before anything is sent or handed over.
DestinationAdapter destinationAdapter(db::Session &session, qint64 batchId,
                                      const MoneyDestination &destination,
                                      const AdapterOptions &options);

} // namespace payops::exec
