#include "ops/audit_verifier.h"

#include "core/money.h"
#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "ops/audit_seal.h"

#include <QMap>

namespace payops::ops {

QString AuditVerdict::message() const
{
    QString text =
        intact ? QStringLiteral("The audit chain is intact (%1 rows).").arg(formatCount(rows))
               : QStringLiteral("The audit chain is broken at row %1: %2. Every row from there on "
                                "is suspect; compare with a backup and find out who changed it.")
                     .arg(brokenSeq)
                     .arg(problem);
    if (sealsChecked > 0)
        text += QStringLiteral(" %1 seals checked with your key.").arg(sealsChecked);
    if (!headLogPath.isEmpty())
        text += QStringLiteral(" Heads seen on this machine are recorded in %1 (%2 before this "
                               "check).")
                    .arg(headLogPath)
                    .arg(headsRecorded);
    for (const QString &warning : warnings)
        text += QLatin1Char(' ') + warning;
    return text;
}

AuditVerdict verifyAuditChain(db::Session &session)
{
    AuditVerdict verdict;
    verdict.rows = session.query(QStringLiteral("SELECT count(*) FROM payops.audit_log"))
                       .rows[0][0]
                       .toLongLong();
    const ResultTable broken = session.query(
        QStringLiteral("SELECT broken_seq, problem FROM payops.verify_audit_chain()"));
    if (broken.rowCount() > 0) {
        verdict.intact = false;
        verdict.brokenSeq = broken.value(0, QStringLiteral("broken_seq")).toLongLong();
        verdict.problem = broken.value(0, QStringLiteral("problem"));
    }
    return verdict;
}

namespace {

void breakAt(AuditVerdict &verdict, qint64 seq, const QString &problem)
{
    if (!verdict.intact && verdict.brokenSeq <= seq)
        return; // an earlier break is already named
    verdict.intact = false;
    verdict.brokenSeq = seq;
    verdict.problem = problem;
}

// Every recorded head of this installation must still be in the log, with
// the same hash.
void checkRecordedHeads(db::Session &session, const DatabaseBinding &binding,
                        const QVector<RecordedHead> &recorded, AuditVerdict &verdict)
{
    QMap<qint64, RecordedHead> wanted; // seq -> the first time it was seen
    QMap<QString, RecordedHead> otherInstalls;
    for (const RecordedHead &r : recorded) {
        if (r.installId != binding.installId) {
            otherInstalls.insert(r.installId, r);
            continue;
        }
        if (!wanted.contains(r.head.seq) && r.head.seq > 0)
            wanted.insert(r.head.seq, r);
    }
    for (auto it = otherInstalls.cbegin(); it != otherInstalls.cend(); ++it)
        verdict.warnings << QStringLiteral(
                                "The payops schema of this database was installed anew: install "
                                "%1 was seen here on %2 with %3 audit rows, and this one is %4.")
                                .arg(it.key(), it.value().seenAt.toString(Qt::ISODate))
                                .arg(it.value().head.seq)
                                .arg(binding.installId);
    if (wanted.isEmpty())
        return;
    QStringList seqs;
    for (qint64 seq : wanted.keys())
        seqs << QString::number(seq);
    const ResultTable now = session.query(
        QStringLiteral("SELECT seq, row_hash FROM payops.audit_log WHERE seq = ANY ($1::bigint[])"),
        {db::textArrayLiteral(seqs)});
    QMap<qint64, QString> hashes;
    for (int row = 0; row < now.rowCount(); ++row)
        hashes.insert(now.value(row, QStringLiteral("seq")).toLongLong(),
                      now.value(row, QStringLiteral("row_hash")));
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        const RecordedHead &r = it.value();
        if (!hashes.contains(r.head.seq)) {
            breakAt(verdict, r.head.seq,
                    QStringLiteral("row %1, which this machine saw on %2, is gone: the log was "
                                   "cut or replaced")
                        .arg(r.head.seq)
                        .arg(r.seenAt.toString(Qt::ISODate)));
        } else if (hashes.value(r.head.seq) != r.head.rowHash) {
            breakAt(verdict, r.head.seq,
                    QStringLiteral("row %1 is not the row this machine saw on %2 (hash %3, now "
                                   "%4): the log was rewritten or replaced")
                        .arg(r.head.seq)
                        .arg(r.seenAt.toString(Qt::ISODate), r.head.rowHash.left(12),
                             hashes.value(r.head.seq).left(12)));
        }
    }
}

} // namespace

AuditVerdict verifyAuditChainAndHeads(db::Session &session, const QString &headDirectory,
                                      const QByteArray &sealKey)
{
    AuditVerdict verdict = verifyAuditChain(session);
    const DatabaseBinding binding = readBinding(session);
    AuditHeadLog log(binding, headDirectory);
    const QVector<RecordedHead> recorded = log.recorded();
    verdict.headLogPath = log.path();
    verdict.headsRecorded = int(recorded.size());
    if (log.unreadableLines() > 0)
        verdict.warnings << QStringLiteral("%1 lines of %2 could not be read.")
                                .arg(log.unreadableLines())
                                .arg(log.path());
    checkRecordedHeads(session, binding, recorded, verdict);
    if (!sealKey.isEmpty()) {
        const SealCheck seals = checkSeals(session, sealKey, binding);
        verdict.sealsChecked = seals.seals;
        if (!seals.problem.isEmpty())
            breakAt(verdict, seals.brokenSeq, seals.problem);
        if (seals.seals == 0)
            verdict.warnings << QStringLiteral("No approver has sealed this chain yet.");
    }
    // Only an intact chain's head is worth remembering: a broken one would
    // teach the next check to accept the break.
    if (verdict.intact)
        log.record(readChainHead(session));
    return verdict;
}

} // namespace payops::ops
