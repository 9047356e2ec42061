#include "ops/audit_seal.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"

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
    return {r.rows.value(0).value(0), r.rows.value(0).value(1), r.rows.value(0).value(2)};
}

AuditHead readChainHead(db::Session &session)
{
    const ResultTable r = session.query(
        QStringLiteral("SELECT seq, row_hash FROM payops.audit_log ORDER BY seq DESC LIMIT 1"));
    if (r.rowCount() == 0)
        return {0, QStringLiteral("genesis")};
    return {r.rows[0][0].toLongLong(), r.rows[0][1]};
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
    const ResultTable seals = session.query(
        QStringLiteral("SELECT s.seq, s.row_hash, s.mac, s.sealed_by, a.row_hash AS now_hash "
                       "FROM payops.audit_seals s LEFT JOIN payops.audit_log a ON a.seq = s.seq "
                       "ORDER BY s.seq, s.sealed_by"));
    check.seals = seals.rowCount();
    for (const auto &row : seals.rows) {
        const AuditHead sealed{row[0].toLongLong(), row[1]};
        if (row[2] != auditSealMac(key, binding, sealed)) {
            check.brokenSeq = sealed.seq;
            check.problem = QStringLiteral("the seal %1 put on row %2 was not made with your key "
                                           "(forged, or made with another key)")
                                .arg(row[3])
                                .arg(sealed.seq);
            return check;
        }
        if (row[4] != sealed.rowHash) {
            check.brokenSeq = sealed.seq;
            check.problem =
                row[4].isNull()
                    ? QStringLiteral("row %1, sealed by %2, is gone").arg(sealed.seq).arg(row[3])
                    : QStringLiteral("row %1 is not the row %2 sealed: the chain was "
                                     "rewritten up to there")
                          .arg(sealed.seq)
                          .arg(row[3]);
            return check;
        }
    }
    return check;
}

} // namespace payops::ops
