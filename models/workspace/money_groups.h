#pragma once

#include "core/money.h"
#include "workspace/money_request.h"

#include <QVector>

namespace payops::workspace {

// The items of a plan that one acquirer or provider moved (as the data
// names it; empty: not named), with how many and how much per currency.
struct ProviderGroup
{
    QString provider;
    QVector<int> items; // indexes into PlannedMoney::plan.items
    MoneyTotals totals;
};

// A plan's items grouped by who moved their money, in the providers'
// order (unnamed first). One group when the data names no one.
QVector<ProviderGroup> providerGroups(const PlannedMoney &planned);

// One group's part of the plan as a batch of its own: its items, their
// totals and accounts, with the keys they name. What the plan left out
// stays with the whole plan.
MoneyDraft draftOfGroup(const PlannedMoney &planned, const ProviderGroup &group);

// The registered destination a group's money would go to when the data
// says so: the one whose name or address is the acquirer's own (acq-a ->
// a destination "acq-a", or one at address "acq-a"); -1 when none or
// several are. Only destinations of `adapter` are considered.
int destinationOfGroup(const ProviderGroup &group,
                       const QVector<exec::MoneyDestination> &destinations, const QString &adapter);

} // namespace payops::workspace
