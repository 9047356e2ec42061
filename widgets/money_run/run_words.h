#pragma once

#include "exec/item_counts.h"
#include "workspace/money_run_values.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace payops::money_run_words {

// What a money batch's run means to a person: the run panel never shows a
// state code, an adapter's name or minor units.

// Why the batch cannot be run now, in one sentence; empty when it can
// (approved, or executing with something left to do).
QString whyNotRunnable(const workspace::MoneyRunSetup &setup);
// Where the money goes, in words: the destination line, or the billing
// database's own ledger or balances, or nowhere for a write-off.
QString whereItGoes(const workspace::MoneyRunSetup &setup);
// How it goes: "a payment provider's API, over HTTP; the key from the
// keychain (payops provider-key) or PAYOPS_PROVIDER_KEY".
QString howItGoes(const workspace::MoneyRunSetup &setup);
// The counts per state, a row each: what it means and how many.
QVector<QStringList> countRows(const exec::ItemCounts &counts, bool sendsToProvider);
// What is known of an open item: "sent, no answer yet", "being sent",
// "to be sent again under its key on the next run (asked by oncall)".
QString openState(const workspace::OpenMoneyItem &item);

} // namespace payops::money_run_words
