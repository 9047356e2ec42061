#pragma once

#include "core/database_binding.h"
#include "ops/audit_head_log.h"

#include <QByteArray>
#include <QString>

namespace payops::db {
class Session;
}

namespace payops::ops {

// Seals: an approver's HMAC-SHA256 of an audit chain head, under a key
// that the approvers keep in their keychain (or PAYOPS_AUDIT_SEAL_KEY for
// automation) and that never reaches the database. The database's owner can
// rewrite and re-hash the chain, but cannot compute a seal for the result.

// The environment variable that may carry the key, and the keychain entry.
inline constexpr const char *kSealKeyVariable = "PAYOPS_AUDIT_SEAL_KEY";
QString sealKeySecretName();

// Throws UserError when the key is too short to be a key (under 16 bytes).
void requireUsableSealKey(const QByteArray &key);

QString auditSealMac(const QByteArray &key, const DatabaseBinding &binding, const AuditHead &head);

// Seals the chain's current head as the session's user, who must be an
// approver (payops.seal_audit); returns the head sealed.
AuditHead sealAuditHead(db::Session &session, const QByteArray &key);

struct SealCheck
{
    int seals = 0;        // seals in the database
    qint64 brokenSeq = 0; // the first sealed row that no longer matches, or 0
    QString problem;      // empty when every seal holds
};

// Checks every seal: the sealed row still has the sealed hash, and the MAC
// is the key's.
SealCheck checkSeals(db::Session &session, const QByteArray &key, const DatabaseBinding &binding);

// What both the chain check and the seals need to know about the database.
DatabaseBinding readBinding(db::Session &session);
AuditHead readChainHead(db::Session &session); // the last row; seq 0 for an empty log

} // namespace payops::ops
