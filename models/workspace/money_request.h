#pragma once

#include "money/money_plan.h"

#include <QHash>
#include <QMap>
#include <QMetaType>
#include <QStringList>

namespace payops::workspace {

// What a money batch does: refund charges (incident 2) or reverse refunds
// (incident 3), as payops money plan refund and reversal take them.
enum class MoneyOperation { Refund, Reversal };

// What the console asks a money plan of: the operator's read-only rows
// (their "charge" or "refund" column names what to move money against)
// and, for refunds, whether they are written into the billing database's
// own refunds table instead of asked of the payment provider.
struct MoneyRequest
{
    MoneyOperation operation = MoneyOperation::Refund;
    QString rowsSql;
    bool ledger = false;
    // The refunds table's columns the schema profile does not map, for a
    // ledger refund (payops money plan refund --ledger-set COLUMN=VALUE).
    QMap<QString, QString> ledgerValues;
};

// Who an account is, for the people outreach will contact.
struct MoneyContact
{
    QString email;
    QString name;
};

// A money plan with what a person reads besides its items: for each item
// the charge refunded or the refund reversed and who moved that money
// (the acquirer or provider the data names), and the accounts' contacts.
struct PlannedMoney
{
    MoneyRequest request;
    money::MoneyPlan plan; // as drafted: ledger items when the request asked for them
    QStringList keys;      // per item: the charge or refund key it names
    QStringList providers; // per item: who moved the money; empty when the data does not say
    // Where the providers were read ("public.payments.provider"); empty
    // when no column of the refunds or the charges names one.
    QString providerColumn;
    QHash<QString, MoneyContact> contacts; // account -> contact
};

// Where a new batch would be bound: the environment (ops::batchEnvironment)
// and the database as the payops schema identifies it.
struct MoneyDestination
{
    QString environment;
    QString databaseName;
    QString systemIdentifier;
};

// A batch's money as its items carry it, for the approver: how many items
// go to a payment provider (op "send") and how many write the billing
// database's own ledger (a "money" member), the operations, and the
// distinct accounts the money belongs to. The totals per currency are the
// review's (ops::BatchReview::totals).
struct BatchMoney
{
    qint64 providerItems = 0;
    qint64 ledgerItems = 0;
    QStringList operations; // refund, reversal
    qint64 accounts = 0;

    bool movesMoney() const { return providerItems + ledgerItems > 0; }
};

} // namespace payops::workspace

Q_DECLARE_METATYPE(payops::workspace::PlannedMoney)
Q_DECLARE_METATYPE(payops::workspace::MoneyDestination)
Q_DECLARE_METATYPE(payops::workspace::BatchMoney)
