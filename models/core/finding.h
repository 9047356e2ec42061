#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QString>

namespace payops {

enum class Severity { Info, Low, Medium, High, Critical };
QString severityName(Severity severity);

// What a detector found: enough for an operator to judge it without running
// anything else, plus the exact SQL that reproduces it.
struct Finding
{
    QString detector; // "orphans"
    QString title;    // one line
    Severity severity = Severity::Info;
    QString explanation; // one plain-language paragraph
    qint64 rowCount = 0;
    qint64 userCount = 0;
    MoneyTotals totals;
    QDateTime windowStart; // null when the finding has no time window
    QDateTime windowEnd;
    QString summarySql; // reproduces the counts and totals
    QString rowsSql;    // lists the affected rows
};

} // namespace payops

#include <QMetaType>
Q_DECLARE_METATYPE(payops::Finding)
