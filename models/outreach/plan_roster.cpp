#include "outreach/plan_roster.h"

#include "core/money.h"
#include "money/clawback_planner.h"
#include "money/money_plan.h"
#include "outreach/roster.h"

#include <QJsonObject>

namespace payops::outreach {

QString planIncident(const money::MoneyPlan &plan)
{
    return plan.operation == u"reversal" ? QStringLiteral("refund reversed")
                                         : QStringLiteral("charged wrongly; refunded");
}

int rosterFromPlan(db::Session &live, db::Session &writer, const schema::SchemaProfile &profile,
                   qint64 caseId, const money::MoneyPlan &plan, const QString &incident)
{
    QMap<QString, MoneyTotals> amounts;
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
    return addToRoster(writer, caseId, withContacts(live, profile, impact));
}

int rosterFromClawback(db::Session &live, db::Session &writer, const schema::SchemaProfile &profile,
                       qint64 caseId, const money::ClawbackPlan &plan)
{
    QMap<QString, QJsonObject> impact;
    for (const auto &p : plan.people)
        impact.insert(
            p.account,
            QJsonObject{
                {QStringLiteral("incident"), QStringLiteral("paid twice")},
                {QStringLiteral("amounts"),
                 QJsonObject{{p.currency, QString::number(p.duplicateMinor)}}},
                {QStringLiteral("recoverable_minor"), QString::number(p.recoverableMinor)},
                {QStringLiteral("unrecoverable_minor"), QString::number(p.unrecoverableMinor())},
                {QStringLiteral("currency"), p.currency}});
    return addToRoster(writer, caseId, withContacts(live, profile, impact));
}

} // namespace payops::outreach
