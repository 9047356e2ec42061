#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::ops {

// One account of a case's re-check list (migration 008): after a repair a
// person looks at it again and says whether its billing state is correct.
struct CaseCheck
{
    QString account;
    QString question;
    QString outcome; // "", correct or wrong
    QString note;    // what is wrong, or what was looked at
    QString checkedBy;
    QString checkedAt; // "2026-12-02 09:15 UTC"

    bool waiting() const { return outcome.isEmpty(); }
};

// The question the money plans ask of every account they touch.
QString billingStateQuestion();

// Puts accounts on a case's list, as an operator; accounts on it already
// stay as they are. Returns how many were added.
int addCaseChecks(db::Session &session, qint64 caseId, const QStringList &accounts,
                  const QString &question = billingStateQuestion());
// Ticks accounts off, all or none: `correct` true, or false with what is
// wrong in `note`. Returns how many accounts of the list still wait.
// Throws UserError with the database's reason (not on the list, a closed
// case, no note).
int tickCaseChecks(db::Session &session, qint64 caseId, const QStringList &accounts, bool correct,
                   const QString &note);
// The list: waiting accounts first, then the wrong ones, then the correct.
QVector<CaseCheck> caseChecks(db::Session &session, qint64 caseId);

} // namespace payops::ops

Q_DECLARE_METATYPE(payops::ops::CaseCheck)
Q_DECLARE_METATYPE(QVector<payops::ops::CaseCheck>)
