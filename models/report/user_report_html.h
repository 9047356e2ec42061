#pragma once

#include "report/user_export.h"

namespace payops::report {

// The records as a printable HTML document (the subset QTextDocument
// renders): a title naming the user and the backup, the time and counts,
// then per database table its differing records, a line per changed field
// with the backup and live values (a deleted or created record shows its
// whole row, since that row is all there is to see), and the keys of its
// unchanged records.
QString userReportHtml(const UserReport &report);

} // namespace payops::report
