#pragma once

#include "core/finding.h"

#include <QMap>

namespace payops::db {
class Session;
}

namespace payops::detect {

// Orphaned payments: charges whose order or account does not exist, and
// charges parked on the sentinel "deleted accounts" account. The heavy part
// is resources/sql/detect/orphans.sql, run in PostgreSQL; this class only
// aggregates and words the finding.
class OrphanDetector
{
public:
    static QString rowsSql();    // one row per orphaned payment, with its reason
    static QString summarySql(); // counts, users and totals per reason and currency

    struct ReasonSummary
    {
        qint64 payments = 0;
        MoneyTotals totals;
    };
    struct Result
    {
        Finding finding;
        QMap<QString, ReasonSummary> byReason; // order_missing, account_missing, parked_on_sentinel
    };

    static Result run(db::Session &session);
    // Pure: builds the finding from the rows of summarySql(). Unit-tested.
    static Result fromSummaryRows(const QVector<QVector<QString>> &rows);
};

} // namespace payops::detect
