#pragma once

#include "ops/audit_head_log.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace payops::db {
class Session;
}

namespace payops::ops {

struct AuditVerdict
{
    bool intact = true;
    qint64 rows = 0;
    qint64 brokenSeq = 0; // the first broken link when not intact
    QString problem;
    // Filled by verifyAuditChainAndHeads:
    QString headLogPath;   // where this machine keeps the chain's heads
    int headsRecorded = 0; // lines in it before this check
    int sealsChecked = -1; // -1: no key given
    QStringList warnings;  // worth knowing, not a broken chain
    QString message() const;
};

// The database's own walk of the hash chain (payops.verify_audit_chain()):
// names the first broken link. Proves the log was not edited in place by
// someone who left the hashes alone; says nothing against the owner.
AuditVerdict verifyAuditChain(db::Session &session);

// The database's walk, then every head this machine recorded for this
// database (a row recorded and now gone: the log was cut; a row with
// another hash: rewritten or replaced), then, with a key, every seal. When
// all agree, the current head is recorded. The CLI's `payops audit verify`
// and the console use this one.
AuditVerdict
verifyAuditChainAndHeads(db::Session &session,
                         const QString &headDirectory = AuditHeadLog::defaultDirectory(),
                         const QByteArray &sealKey = {});

} // namespace payops::ops
