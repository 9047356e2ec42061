#pragma once

#include "core/finding.h"
#include "detect/scan_options.h"
#include "schema/schema_profile.h"

#include <QMap>

namespace payops::db {
class Session;
}

namespace payops::detect {

// Orphaned payments: charges whose order or account does not exist, whose
// account is soft-deleted, or that are parked on the sentinel "deleted
// accounts" account. The heavy part is resources/sql/detect/orphans.sql,
// run in PostgreSQL through the schema profile; this class only aggregates
// and words the finding.
class OrphanDetector
{
public:
    // One row per orphaned payment, with its reason.
    static QString rowsSql(const schema::SchemaProfile &profile, const ScanOptions &options = {});
    // Counts, users and totals per reason and currency.
    static QString summarySql(const schema::SchemaProfile &profile,
                              const ScanOptions &options = {});

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

    static Result run(db::Session &session, const schema::SchemaProfile &profile,
                      const ScanOptions &options = {});
    // Pure: builds the finding from the rows of summarySql(). Unit-tested.
    static Result fromSummaryRows(const QVector<QVector<QString>> &rows);
};

} // namespace payops::detect
