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
qint64 exportQueryToCsv(db::Session &session, const QString &sql, const QString &path);

} // namespace payops
