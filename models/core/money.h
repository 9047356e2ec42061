#pragma once

#include <QMap>
#include <QString>

#include <cstdint>

namespace payops {

// An amount of money: integer minor units (cents, kopecks, fen) and an ISO
// 4217 currency code. Never a float: incident totals must add up to the cent.
struct Money
{
    std::int64_t minor = 0;
    QString currency;

    // Digits after the decimal point for a currency (2 for most, 0 for JPY).
    static int exponentOf(const QString &currency);
    // "73,271.36 USD": grouped, exact, currency last.
    QString toDisplayString() const;
    // "73271.36": plain decimal for CSV/JSON consumers that need a number.
    QString toDecimalString() const;
    // Minor units as PostgreSQL prints them ("-1050"; a sum(bigint) is
    // numeric, so it may not fit). A null text (SQL NULL, the sum of no
    // amounts) is 0. Anything else that is not an integer within int64
    // throws UserError naming the currency: a total never wraps and never
    // silently becomes 0.
    static std::int64_t parseMinor(const QString &text, const QString &currency);
};

// Totals kept per currency; amounts in different currencies are never added.
// A sum past what int64 minor units hold throws UserError naming the
// currency and leaves the totals as they were.
class MoneyTotals
{
public:
    void add(const Money &amount);
    void add(const QString &currency, std::int64_t minor);
    std::int64_t minorFor(const QString &currency) const { return m_totals.value(currency, 0); }
    QStringList currencies() const { return m_totals.keys(); }
    bool isEmpty() const { return m_totals.isEmpty(); }
    // "7,840,000.00 RUB; 1,204.50 USD" in currency order.
    QString toDisplayString() const;
    bool operator==(const MoneyTotals &other) const { return m_totals == other.m_totals; }

private:
    QMap<QString, std::int64_t> m_totals;
};

// "10,614": counts shown to people always carry thousands separators.
QString formatCount(qint64 count);

// A rough size of the money in several currencies, in US dollars by fixed
// weights (EUR 0.9, RUB 80, CNY 7 to the dollar, the approval policy's
// ratios), for ordering findings only: never shown, never summed for display.
double stakeRank(const MoneyTotals &totals);

} // namespace payops
