#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::outreach {

// One entry of a person's outreach history (payops.roster_events, never
// changed): added, status, note, assigned or next_step, by whom and when.
struct RosterEvent
{
    QString kind;
    QString status;
    QString note;
    QString assignee;
    QString nextStep;
    QDateTime nextStepAt;
    QString createdBy;
    QDateTime createdAt;
};

// What one event says, in words: "Status: Agreed", "Assigned to support",
// "Next step: call back (5 May 2026 10:00 UTC)", the note itself.
QString eventWords(const RosterEvent &event);

// An item of one of the case's batches that moves this person's money (a
// refund of their charge, the claw-back of their duplicate), and how its
// run stands: held for consent, applied, failed, ...
struct PersonBatchItem
{
    qint64 batchId = 0;
    QString batchKind;  // refund, reversal, claw-back, write-off
    QString batchState; // draft, submitted, approved, executing, done, ...
    int itemNo = 0;
    Money amount;
    QString itemState; // empty until the batch runs
    QString reason;
    QString detail;
};

// One person's page: their history in order, and their batch items.
struct PersonRecord
{
    qint64 caseId = 0;
    QString account;
    QVector<RosterEvent> history;
    QVector<PersonBatchItem> items;
};

// Reads only.
PersonRecord personRecord(db::Session &session, qint64 caseId, const QString &account);

} // namespace payops::outreach

Q_DECLARE_METATYPE(payops::outreach::PersonRecord)
