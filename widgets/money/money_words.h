#pragma once

#include "core/connection_profile.h"
#include "exec/money_destinations.h"
#include "workspace/money_request.h"

#include <QString>

#include <optional>

namespace payops::money_words {

// What a money batch's internals mean to a person: the wizard's pages and
// the review never show a raw effect, a reason code, an adapter's name or
// minor units.

// "475 refunds", "1 reversal", "58 claw-backs".
QString items(workspace::MoneyOperation operation, qint64 count);
// The same for a drafted batch, by its kind (refund, reversal, claw-back,
// write-off): "12 write-offs".
QString itemsOfKind(const QString &kind, qint64 count);
// What an item moves money against: "Charge", "Refund" or "Payout".
QString target(workspace::MoneyOperation operation);
// Where a planned batch's money goes: a heading ("To the payment provider,
// over HTTP") and what happens there.
QString destinationHeading(workspace::MoneyOperation operation, bool ledger);
QString destinationDetail(workspace::MoneyOperation operation, bool ledger);
// How a destination takes money, by its adapter: "a payment provider's
// API, over HTTP", "hand-over files for an acquirer".
QString adapterWords(const QString &adapter);
// Where a registered destination is, in words: "the API at
// https://psp.example", "the acquirer demo-acquirer".
QString destinationAddress(const exec::MoneyDestination &destination);
// One line for finance and the operator: "demo-psp: the payment provider's
// API at https://psp.example, over HTTP, for demo".
QString destinationLine(const exec::MoneyDestination &destination);
// The command a database owner runs to register a destination of that
// adapter for that environment (payops allow-money --destination).
QString allowMoneyCommand(const QString &adapter, const QString &environment);
// Where a drafted batch's items send the money, as their change JSON says
// (op "send": the destination they name, as registered; a "money" member:
// the billing database; op "record": nowhere, a write-off recorded).
QString batchDestination(const workspace::BatchMoney &money);
// What the database said an item of a batch of `kind` would do in the dry
// run: "would send", "would write the refund row", "would take it back
// from the balance", "conflict: more than may still be refunded".
QString dryRunEffect(const QString &kind, const QString &effect, const QString &reason);
// The connection as payops --db takes it, without a password: the URI it
// was given as, else a key=value string with only what differs from
// libpq's defaults quoted.
QString connectionForCommand(const ConnectionProfile &profile);
// A value for a POSIX shell, in single quotes when it needs them.
QString shellQuoted(const QString &value);
// The commands that execute an approved batch (the console does not: it
// needs the provider's credentials), as lines a shell runs, comments
// saying what each needs: for an HTTP destination the key, found in the
// keychain (stored once with payops provider-key --destination NAME) or in
// PAYOPS_PROVIDER_KEY; for a file destination --handover-dir; production
// --confirm-environment. destination: the batch's, empty for none.
QString runCommand(qint64 batchId, const QString &kind,
                   const std::optional<exec::MoneyDestination> &destination,
                   const QString &environment, const QString &connection);

} // namespace payops::money_words
