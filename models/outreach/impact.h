#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace payops::outreach {

// What kind of harm a person's roster entry records, read from its
// impact's "incident" text (the money plan writes it): the kind picks the
// default message.
enum class IncidentKind {
    WrongCharge,     // "charged wrongly; refunded": an apology, the money is back
    ReversedRefund,  // "refund reversed": a refund given by mistake was taken back
    DuplicatePayout, // "paid twice": a claw-back, which needs their agreement
    Other,           // anything else: a plain notice
};

// What the incident did to one person, as the roster's impact JSON holds
// it: {"incident": "...", "amounts": {"USD": "1050"}, "rows": 1,
// "recoverable_minor": "800", "unrecoverable_minor": "250", "currency":
// "CNY", "first": ISO time, "last": ISO time}; every key may be missing.
struct Impact
{
    QString incident;
    IncidentKind kind = IncidentKind::Other;
    MoneyTotals amounts;
    std::optional<Money> recoverable;
    std::optional<Money> unrecoverable;
    int rows = 0;
    QDateTime first;
    QDateTime last;
    // Where the contact details came from when not from the live data
    // (withContacts): "backup" (the account is gone, its backup has them)
    // or "none" (neither has them); empty: live.
    QString contactsFrom;
    QString contactsBackup; // the backup's name
    QDateTime contactsTakenAt;
};

// Throws UserError when an amount is not a whole number of minor units.
Impact readImpact(const QJsonObject &impact);
IncidentKind incidentKind(const QString &incident);

// "1,050.00 USD", or "12.00 EUR and 3.50 USD" (never added across
// currencies); empty when there are none.
QString amountsText(const MoneyTotals &amounts);
// "21 April 2026", "20–23 April 2026", "30 March – 2 April 2026"; empty
// without dates. In UTC, as the database keeps them.
QString datesText(const QDateTime &first, const QDateTime &last);

// What happened to them, in sentences support reads out or shows: "Paid
// twice on 21 April 2026: the duplicate is 857.00 CNY.", what their balance
// still holds of it, how many of their records.
QStringList whatHappened(const Impact &impact);

// Why a person's contact details are not today's, for support to see
// before writing or calling: "Contact details from backup billing_backup
// of 10 April 2026 00:00 UTC: the account is no longer in the live data."
// Empty when they came from the live data.
QString contactsNote(const Impact &impact);

} // namespace payops::outreach
