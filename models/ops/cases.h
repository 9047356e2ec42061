#pragma once

#include "core/finding.h"

namespace payops::db {
class Session;
}

namespace payops::ops {

// Opens a case from a finding and attaches the finding as a frozen
// snapshot: its numbers, explanation and SQL, and the affected rows as they
// are right now (at most `evidenceRows`), so later changes to the data do
// not rewrite what the case saw. Needs an operator's writable session.
qint64 openCaseFromFinding(db::Session &session, const Finding &finding, int evidenceRows = 20000);
void addCaseNote(db::Session &session, qint64 caseId, const QString &note);
// Moves a case to `to` (mitigating, monitoring, resolved, closed), saying
// why; `override` closes it over work still open. Returns its state now.
// Throws UserError with the database's reason when it may not move.
QString moveCase(db::Session &session, qint64 caseId, const QString &to, const QString &reason,
                 bool override);
// Records what the incident cost besides the money moved back.
void recordCaseCost(db::Session &session, qint64 caseId, qint64 amountMinor,
                    const QString &currency, const QString &what);
// Finance ends a claw-back item held for consent, for a write-off.
void giveUpHeldItem(db::Session &session, qint64 batchId, int itemNo, const QString &reason);

// The cases, newest first.
QString casesSql();
// Everything that happened in a case, oldest first: its events and the
// audit rows of the case and of its batches.
QString caseTimelineSql(qint64 caseId);
// The newest restore (or field-restore) batch of a case that was neither
// rejected nor cancelled; 0 when it has none.
qint64 latestRestoreBatch(db::Session &session, qint64 caseId);

} // namespace payops::ops
