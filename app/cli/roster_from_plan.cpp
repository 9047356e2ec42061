#include "cli/roster_from_plan.h"

#include "money/money_plan.h"
#include "outreach/roster.h"

#include <QJsonObject>

int rosterFromPlan(payops::db::Session &live, payops::db::Session &operatorSession,
                   const payops::schema::SchemaProfile &profile, qint64 caseId,
                   const payops::money::MoneyPlan &plan, const QString &incident)
{
    QMap<QString, payops::MoneyTotals> amounts;
    QMap<QString, int> items;
    for (const auto &item : plan.items) {
        amounts[item.account].add(item.currency, item.amountMinor);
        ++items[item.account];
    }
    QMap<QString, QJsonObject> impact;
    for (auto it = amounts.cbegin(); it != amounts.cend(); ++it) {
        QJsonObject perCurrency;
        for (const QString &currency : it.value().currencies())
            perCurrency.insert(currency, QString::number(it.value().minorFor(currency)));
        impact.insert(it.key(), QJsonObject{{QStringLiteral("incident"), incident},
                                            {QStringLiteral("amounts"), perCurrency},
                                            {QStringLiteral("rows"), items.value(it.key())}});
    }
    return payops::outreach::addToRoster(operatorSession, caseId,
                                         payops::outreach::withContacts(live, profile, impact));
}
