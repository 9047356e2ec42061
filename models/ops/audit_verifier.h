#pragma once

#include <QString>

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
    QString message() const;
};

// Walks the hash chain of payops.audit_log (in PostgreSQL, with
// payops.verify_audit_chain()) and names the first broken link.
AuditVerdict verifyAuditChain(db::Session &session);

} // namespace payops::ops
