#include "money/money_plan.h"

namespace payops::money {

QString MoneyPlan::summary() const
{
    QString text = QStringLiteral("%1 %2s of %3 to %4 accounts")
                       .arg(formatCount(items.size()), operation,
                            totals.isEmpty() ? QStringLiteral("nothing") : totals.toDisplayString(),
                            formatCount(accounts.size()));
    if (!skipped.isEmpty())
        text += QStringLiteral("; %1 left out").arg(formatCount(skipped.size()));
    return text;
}

} // namespace payops::money
