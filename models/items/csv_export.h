#pragma once

#include <QString>

namespace payops::db {
class Session;
}

namespace payops {

// Streams the rows of a query into a CSV file (header first) without holding
// them in memory. Runs on a database worker. Writes to a temporary file and
// renames it at the end, so a failed or cancelled export leaves nothing half
// written. Returns the number of rows; throws UserError.
//
// Amounts (columns ending in _minor, with a currency column) are written
// as decimals in their currency ("1050.99" under "amount"), unless
// MinorUnits is asked for: then they stay integers and the header says so
// ("amount_minor (minor units)").
enum class CsvAmounts { Decimal, MinorUnits };
qint64 exportQueryToCsv(db::Session &session, const QString &sql, const QString &path,
                        CsvAmounts amounts = CsvAmounts::Decimal);

// A file name for an export of what `title` names: "burst-of-10-006-refunds.csv".
QString csvFileNameFor(const QString &title);

} // namespace payops
