#pragma once

#include <QStringList>

namespace payops::db {
class Session;
}

namespace payops::exec {

// Registers billing tables that corrective batches may write: grants them
// to payops_owner alone (no login role gains a privilege) and records each
// in payops.write_targets, audited. Run by a database owner (the tables'
// owner, or a superuser, who may act as payops_owner); a table named
// without a schema is looked up in public. Throws UserError naming what is
// missing; registers nothing then (one transaction).
QStringList allowWrites(db::Session &session, const QStringList &tables);

// The registered tables, schema-qualified.
QStringList writeTargets(db::Session &session);

} // namespace payops::exec
