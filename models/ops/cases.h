#pragma once

#include "core/finding.h"

#include <QDateTime>
#include <QMetaType>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::ops {

// Opens a case from a finding and attaches the finding as a frozen
// snapshot: its numbers, explanation and SQL, and the affected rows as they
// are right now (at most `evidenceRows`), so later changes to the data do
// not rewrite what the case saw. Needs an operator's writable session.
qint64 openCaseFromFinding(db::Session &session, const Finding &finding, int evidenceRows = 20000);

// A case a finding may go to, and whether it holds that finding already
// (the same rows SQL, or the same detector and title).
struct CaseChoice
{
    qint64 id = 0;
    QString title;
    QString status;
    bool holdsFinding = false;
    QDateTime attachedAt; // when it first got the finding
    QString attachedBy;
};
// The cases that are not closed, newest first, then the closed ones that
// hold the finding. Reads only.
QVector<CaseChoice> caseChoicesFor(db::Session &session, const Finding &finding);
// Attaches the finding to an existing case's timeline, frozen as
// openCaseFromFinding does (payops.add_case_event, kind 'finding'). A case
// that holds it already is refused with UserError ("Case 3 already holds
// this finding ..."), and nothing is added. Needs an operator.
void attachFinding(db::Session &session, qint64 caseId, const Finding &finding,
                   int evidenceRows = 20000);
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

Q_DECLARE_METATYPE(payops::ops::CaseChoice)
Q_DECLARE_METATYPE(QVector<payops::ops::CaseChoice>)
