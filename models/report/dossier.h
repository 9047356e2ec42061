#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QString>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::report {

// One batch of a case as the dossier tells it: what it was for, how it
// ended, and its money per currency, approved and as it ended.
struct DossierBatch
{
    qint64 id = 0;
    QString kind; // restore, refund, reversal, claw-back, write-off, ...
    QString state;
    QString description;
    QString createdBy;
    qint64 items = 0;
    qint64 appliedItems = 0;
    MoneyTotals approved;
    MoneyTotals applied;
    MoneyTotals failed; // failed, or refused as a conflict
    MoneyTotals held;   // waiting for a person's consent
    MoneyTotals open;   // not ended: pending, sending, unknown
};

// A line of the case's timeline.
struct DossierEvent
{
    QString at; // "2026-04-25 09:12" UTC
    QString kind;
    QString who;
    QString what;
    qint64 amountMinor = 0; // costs
    QString currency;
};

// Everything an incident's dossier says, read at one moment: the case,
// its timeline, batches, outreach, costs, and the audit chain's head so
// that the dossier can be checked against the database later.
struct DossierData
{
    qint64 caseId = 0;
    QString title;
    QString severity;
    QString status;
    QString owner;
    QString opened;
    QString database;
    QString environment;
    QDateTime madeAt;
    QVector<DossierEvent> timeline;
    QVector<DossierBatch> batches;
    QVector<QPair<QString, qint64>> rosterByStatus; // status -> people, most first
    qint64 rosterPeople = 0;
    MoneyTotals costs;
    qint64 auditRows = 0;
    qint64 auditHeadSeq = 0;
    QString auditHeadHash;

    // What the batches moved in the end, per kind: refunded, reversed,
    // recovered (claw-back), written off; and restored rows.
    MoneyTotals appliedOf(const QString &kind) const;
    qint64 restoredRows() const;
};

// Reads a case's dossier (as any console role: it only reads). Throws
// UserError when there is no such case.
DossierData loadDossier(db::Session &session, qint64 caseId);

// "not contacted", "proof asked": a status as a reader says it.
QString statusWords(const QString &status);
// "73,271.36 USD; 12.00 EUR", or "none": totals as both documents say them.
QString moneyWords(const MoneyTotals &totals);
// A timeline line's "what": "Cost: 700.00 CNY, gifts ..." or "note: ...".
QString eventWords(const DossierEvent &event);

} // namespace payops::report
