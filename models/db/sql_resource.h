#pragma once

#include <QString>

namespace payops::db {

// The text of one SQL statement or template shipped in resources/sql/,
// named by its folder and file without .sql: sqlResource("detect/orphans"),
// sqlResource("ops/approval_queue"). Every part's SQL is loaded through
// this, so SQL lives in data files and not in C++. Leading comments are
// kept (a finding's SQL explains itself); surrounding blank space is not.
// Throws UserError when the build lacks the file.
QString sqlResource(const QString &path);

// Where the files are compiled in: ":/sql".
QString sqlResourceRoot();

} // namespace payops::db
