#include "workspace/money_groups.h"

#include <QMap>

namespace payops::workspace {

QVector<ProviderGroup> providerGroups(const PlannedMoney &planned)
{
    QMap<QString, ProviderGroup> byProvider;
    for (int i = 0; i < planned.plan.items.size(); ++i) {
        const QString provider = planned.providers.value(i);
        ProviderGroup &group = byProvider[provider];
        group.provider = provider;
        group.items.append(i);
        group.totals.add(planned.plan.items[i].currency, planned.plan.items[i].amountMinor);
    }
    return QVector<ProviderGroup>(byProvider.cbegin(), byProvider.cend());
}

MoneyDraft draftOfGroup(const PlannedMoney &planned, const ProviderGroup &group)
{
    MoneyDraft draft;
    draft.group = group.provider;
    draft.plan.operation = planned.plan.operation;
    draft.plan.items.reserve(group.items.size());
    draft.keys.reserve(group.items.size());
    for (const int i : group.items) {
        const money::MoneyItem &item = planned.plan.items[i];
        draft.plan.items.append(item);
        draft.plan.totals.add(item.currency, item.amountMinor);
        draft.plan.accounts.insert(item.account);
        draft.keys.append(planned.keys.value(i));
    }
    return draft;
}

int destinationOfGroup(const ProviderGroup &group,
                       const QVector<exec::MoneyDestination> &destinations, const QString &adapter)
{
    if (group.provider.isEmpty())
        return -1;
    int found = -1;
    for (int d = 0; d < destinations.size(); ++d) {
        const exec::MoneyDestination &destination = destinations[d];
        if (destination.adapter != adapter ||
            (destination.name != group.provider && destination.address != group.provider))
            continue;
        if (found >= 0)
            return -1; // two would do: a person picks
        found = d;
    }
    return found;
}

} // namespace payops::workspace
