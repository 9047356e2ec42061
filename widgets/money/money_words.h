#pragma once

#include "core/connection_profile.h"
#include "workspace/money_request.h"

#include <QString>

namespace payops::money_words {

// What a money batch's internals mean to a person: the wizard's pages and
// the review never show a raw effect, a reason code or minor units.

// "475 refunds", "1 reversal".
QString items(workspace::MoneyOperation operation, qint64 count);
// What an item moves money against: "Charge" or "Refund".
QString target(workspace::MoneyOperation operation);
// Where a planned batch's money goes: a heading ("To the payment provider,
// over HTTP") and what happens there.
QString destinationHeading(workspace::MoneyOperation operation, bool ledger);
QString destinationDetail(workspace::MoneyOperation operation, bool ledger);
// Where a drafted batch's items send the money, as their change JSON says
// (op "send": the payment provider; a "money" member: the ledger).
QString batchDestination(const workspace::BatchMoney &money);
// What the database said an item would do in the dry run: "would send",
// "would write the refund row", "conflict: more than may still be refunded".
QString dryRunEffect(const QString &effect, const QString &reason);
// The connection as payops --db takes it, without a password: the URI it
// was given as, else a key=value string with only what differs from
// libpq's defaults quoted.
QString connectionForCommand(const ConnectionProfile &profile);
// A value for a POSIX shell, in single quotes when it needs them.
QString shellQuoted(const QString &value);
// The command that executes the approved batch (the console does not: it
// needs the provider's credentials). acquirer: the one acquirer the items
// name, for hand-over files; empty when they name none or several.
QString runCommand(qint64 batchId, workspace::MoneyOperation operation, bool ledger,
                   const QString &environment, const QString &connection, const QString &acquirer);

} // namespace payops::money_words
