#pragma once

#include <QString>

namespace payops::ops {

// The console's reads of payops watch's state (resources/sql/ops/watch_*.sql),
// for its lazy tables: the last run and the open alerts in one row; the
// alert history; the open alerts at high or above.
QString watchStatusSql();
QString watchAlertsSql();
QString openHighAlertsSql();

} // namespace payops::ops
