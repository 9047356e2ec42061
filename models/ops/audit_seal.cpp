#include "ops/audit_seal.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace payops::ops {

QString sealKeySecretName()
{
    return QStringLiteral("payops/audit-seal-key");
}

void requireUsableSealKey(const QByteArray &key)
{
    if (key.size() < 16)
        throw UserError(
            QStringLiteral("The audit seal key is %1 bytes long; a key has at least 16.")
                .arg(key.size()),
            QStringLiteral("Generate one with: payops audit seal-key --generate, and give the "
                           "same key to every approver."));
}

QString auditSealMac(const QByteArray &key, const DatabaseBinding &binding, const AuditHead &head)
{
    // Bound to the database, so that a seal cannot be replayed on a copy's
    // chain, and to one row and its hash.
    const QByteArray text = QStringLiteral("payops-audit-seal/1|%1|%2|%3|%4|%5")
                                .arg(binding.systemIdentifier, binding.database, binding.installId)
                                .arg(head.seq)
                                .arg(head.rowHash)
                                .toUtf8();
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(text, key, QCryptographicHash::Sha256).toHex());
}

DatabaseBinding readBinding(db::Session &session)
{
    const ResultTable r = session.query(QStringLiteral(
        "SELECT system_identifier, database_name, install_id FROM payops.current_binding()"));
    return {r.value(0, QStringLiteral("system_identifier")),
            r.value(0, QStringLiteral("database_name")), r.value(0, QStringLiteral("install_id"))};
}

AuditHead readChainHead(db::Session &session)
{
    const ResultTable r = session.query(
        QStringLiteral("SELECT seq, row_hash FROM payops.audit_log ORDER BY seq DESC LIMIT 1"));
    if (r.rowCount() == 0)
        return {0, QStringLiteral("genesis")};
    return {r.value(0, QStringLiteral("seq")).toLongLong(), r.value(0, QStringLiteral("row_hash"))};
}

AuditHead sealAuditHead(db::Session &session, const QByteArray &key)
{
    requireUsableSealKey(key);
    const DatabaseBinding binding = readBinding(session);
    const AuditHead head = readChainHead(session);
    if (head.seq == 0)
        throw UserError(QStringLiteral("The audit log is empty: there is nothing to seal."),
                        QStringLiteral("Seal it once cases or batches have been recorded."));
    session.query(QStringLiteral("SELECT payops.seal_audit($1::bigint, $2, $3)"),
                  {QString::number(head.seq), head.rowHash, auditSealMac(key, binding, head)});
    return head;
}

SealCheck checkSeals(db::Session &session, const QByteArray &key, const DatabaseBinding &binding)
{
    requireUsableSealKey(key);
    SealCheck check;
    const ResultTable seals = session.query(db::sqlResource(QStringLiteral("ops/audit_seals")));
    check.seals = seals.rowCount();
    for (int row = 0; row < seals.rowCount(); ++row) {
        const AuditHead sealed{seals.value(row, QStringLiteral("seq")).toLongLong(),
                               seals.value(row, QStringLiteral("row_hash"))};
        const QString sealedBy = seals.value(row, QStringLiteral("sealed_by"));
        const QString nowHash = seals.value(row, QStringLiteral("now_hash"));
        if (seals.value(row, QStringLiteral("mac")) != auditSealMac(key, binding, sealed)) {
            check.brokenSeq = sealed.seq;
            check.problem = QStringLiteral("the seal %1 put on row %2 was not made with your key "
                                           "(forged, or made with another key)")
                                .arg(sealedBy)
                                .arg(sealed.seq);
            return check;
        }
        if (nowHash != sealed.rowHash) {
            check.brokenSeq = sealed.seq;
            check.problem =
                nowHash.isNull()
                    ? QStringLiteral("row %1, sealed by %2, is gone").arg(sealed.seq).arg(sealedBy)
                    : QStringLiteral("row %1 is not the row %2 sealed: the chain was "
                                     "rewritten up to there")
                          .arg(sealed.seq)
                          .arg(sealedBy);
            return check;
        }
    }
    return check;
}

} // namespace payops::ops
