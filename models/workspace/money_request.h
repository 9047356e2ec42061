#pragma once

#include "exec/money_destinations.h"
#include "money/clawback_planner.h"
#include "money/money_plan.h"

#include <QHash>
#include <QMap>
#include <QMetaType>
#include <QStringList>
#include <QVector>

namespace payops::workspace {

// What a money batch does: refund charges (incident 2), reverse refunds
// (incident 3), or take back payouts made twice (incident 5), as payops
// money plan refund, reversal and claw-back take them.
enum class MoneyOperation { Refund, Reversal, Clawback };

// What the console asks a money plan of: the operator's read-only rows
// (their "charge", "refund" or "payout" column names what to move money
// against) and, for refunds, whether they are written into the billing
// database's own refunds table instead of asked of the payment provider.
struct MoneyRequest
{
    MoneyOperation operation = MoneyOperation::Refund;
    QString rowsSql;
    bool ledger = false;
    // The columns the schema profile does not map of the table a ledger
    // refund or a claw-back writes (payops money plan --ledger-set
    // COLUMN=VALUE): the refunds, or the balance movements.
    QMap<QString, QString> ledgerValues;
};

// The adapter a request's money needs a registered destination for:
// "http" for refunds asked of a payment provider, "file" for reversals
// handed to an acquirer; empty when it goes nowhere outside the billing
// database (ledger refunds, claw-backs and write-offs).
inline QString destinationAdapter(const MoneyRequest &request)
{
    if (request.operation == MoneyOperation::Reversal)
        return QStringLiteral("file");
    if (request.operation == MoneyOperation::Refund && !request.ledger)
        return QStringLiteral("http");
    return {};
}

// Who an account is, for the people outreach will contact.
struct MoneyContact
{
    QString email;
    QString name;
};

// A money plan with what a person reads besides its items: for each item
// the charge refunded, the refund reversed or the payout taken back, who
// moved that money (the acquirer or provider the data names), and the
// accounts' contacts. A claw-back also carries its write-off and the
// figures per investor.
struct PlannedMoney
{
    MoneyRequest request;
    money::MoneyPlan plan; // as drafted: ledger items when the request asked for them
    QStringList keys;      // per item: the charge, refund or payout key it names
    QStringList providers; // per item: who moved the money; empty when the data does not say
    // Where the providers were read ("public.payments.provider"); empty
    // when no column of the refunds or the charges names one.
    QString providerColumn;
    QHash<QString, MoneyContact> contacts; // account -> contact
    // A claw-back: the write-off of what the balances no longer hold (a
    // batch of its own), its items' payouts, and per investor what was
    // paid twice, is held now, moved out since, can and cannot be taken back.
    money::MoneyPlan writeOff;
    QStringList writeOffKeys;
    QVector<money::ClawbackPerson> people;
};

// Where a new batch would be bound: the environment (ops::batchEnvironment)
// and the database as the payops schema identifies it; and where its money
// may go: the destinations a database owner registered there (payops
// allow-money --destination), all of them, for the page to pick those that
// fit (destinationAdapter).
struct MoneyBinding
{
    QString environment;
    QString databaseName;
    QString systemIdentifier;
    QVector<exec::MoneyDestination> destinations;
};

// One batch the wizard asks to draft: a plan (all of a refund or reversal,
// or one acquirer's part of it), the key each item names, the description
// the approver reads and the registered destination its money goes to
// (empty for the ledger). group: the acquirer whose part it is, or empty.
struct MoneyDraft
{
    money::MoneyPlan plan;
    QStringList keys;
    QString description;
    QString destination;
    QString group;
};

// A batch as drafted: its number and kind, with what it was drafted from.
struct DraftedBatch
{
    qint64 id = 0;
    QString kind; // refund, reversal, claw-back, write-off
    QString destination;
    QString group;
    money::MoneyPlan plan;
    QStringList keys;
};

// What a draft made: the case (opened for it, or chosen), its batches in
// the order they were asked for, how many people joined its roster and
// how many accounts its re-check list (refunds).
struct DraftedMoney
{
    qint64 caseId = 0;
    QVector<DraftedBatch> batches;
    int rostered = 0;
    int rechecks = 0;
};

// A batch's money as its items carry it, for the approver: how many items
// go to a payment provider or an acquirer (op "send"), how many write the
// billing database (a "money" member: ledger refunds, claw-back entries),
// how many only record a write-off (op "record"), the operations, the
// distinct accounts the money belongs to, and the destinations the items
// name with what the database registered of each. The totals per currency
// are the review's (ops::BatchReview::totals).
struct BatchMoney
{
    qint64 providerItems = 0;
    qint64 ledgerItems = 0;
    qint64 recordItems = 0;
    QStringList operations; // refund, reversal, claw-back, write-off
    qint64 accounts = 0;
    QStringList destinationNames;                 // as the items name them
    QVector<exec::MoneyDestination> destinations; // those registered, by name

    bool movesMoney() const { return providerItems + ledgerItems + recordItems > 0; }
};

} // namespace payops::workspace

Q_DECLARE_METATYPE(payops::workspace::PlannedMoney)
Q_DECLARE_METATYPE(payops::workspace::MoneyBinding)
Q_DECLARE_METATYPE(payops::workspace::DraftedMoney)
Q_DECLARE_METATYPE(payops::workspace::BatchMoney)
