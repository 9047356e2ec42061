#pragma once

#include "workspace/money_run_values.h"

namespace payops::db {
class Session;
}

namespace payops::workspace {

// The run panel's reads, on a read-only session: the batch, where its
// money goes (a destination that cannot be used is said, not thrown), its
// keychain entry and its counts.
MoneyRunSetup loadMoneyRunSetup(db::Session &session, qint64 batchId);
// Its open items, apart (workspace/money_open_items.sql).
OpenMoneyItems loadOpenMoneyItems(db::Session &session, qint64 batchId);

// Whether a batch of this kind moves money (the run panel's to run).
bool isMoneyKind(const QString &kind);

} // namespace payops::workspace
