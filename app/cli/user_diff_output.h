#pragma once

#include "diff/user_diff.h"
#include "report/user_export.h"

#include <QTextStream>

// payops diff --user: one user's records, each deleted, created, new,
// changed (with its columns, old and new) or the same. JSON is the
// console's own export (report::userReportJson, payops-user-export/1);
// text is a line a record, CSV a row a record with its changed columns.
void printUserDiff(QTextStream &out, const payops::report::UserReport &report,
                   const QString &format);
