#pragma once

#include "money/money_plan.h"

#include <QMap>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::money {

// One person a claw-back concerns: what they were paid twice, what they
// hold now and moved out since, so what can be taken back and what not.
struct ClawbackPerson
{
    QString account;
    QString currency;
    qint64 duplicateMinor = 0;
    qint64 balanceMinor = 0;
    qint64 movedOutMinor = 0; // withdrawn or reinvested since the duplicate
    qint64 recoverableMinor = 0;
    qint64 unrecoverableMinor() const { return duplicateMinor - recoverableMinor; }
};

// A claw-back, planned: the items that take back what each person still
// holds (each waits for that person's consent when it runs), the
// write-off of the rest (a batch of its own, approved like any), and the
// figures per person that outreach and finance work from.
struct ClawbackPlan
{
    MoneyPlan recover;  // operation claw-back
    MoneyPlan writeOff; // operation write-off
    QVector<ClawbackPerson> people;
};

// Plans taking back the duplicate payouts the operator's rows name (a
// read-only query whose "payout" column holds payout keys: a paid-twice
// finding's rows). Each item writes a movement of the person's balance
// (the profile's balance_movements, its kind the first clawback_values)
// for what the balance holds of that duplicate, capped by the database at
// the duplicate's amount; the rest is written off against the same
// payout. `values` fill the movement columns the profile does not map.
// Reads only.
ClawbackPlan planClawbacks(db::Session &live, const schema::SchemaProfile &profile,
                           const QString &payoutRowsSql, const QMap<QString, QString> &values);

} // namespace payops::money
