#include "core/money.h"

#include "core/user_error.h"

#include <QHash>
#include <QStringList>

#include <limits>

namespace payops {

int Money::exponentOf(const QString &currency)
{
    static const QStringList zeroDecimals = {"JPY", "KRW", "VND", "CLP", "ISK"};
    static const QStringList threeDecimals = {"BHD", "KWD", "OMR", "JOD", "TND"};
    if (zeroDecimals.contains(currency))
        return 0;
    if (threeDecimals.contains(currency))
        return 3;
    return 2;
}

static QString groupThousands(QString digits)
{
    for (int i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

static QString formatMinor(std::int64_t minor, int exponent, bool grouped)
{
    const bool negative = minor < 0;
    // Work on the unsigned magnitude so INT64_MIN does not overflow.
    const std::uint64_t magnitude =
        negative ? std::uint64_t(0) - std::uint64_t(minor) : std::uint64_t(minor);
    std::uint64_t scale = 1;
    for (int i = 0; i < exponent; ++i)
        scale *= 10;
    QString whole = QString::number(magnitude / scale);
    if (grouped)
        whole = groupThousands(whole);
    QString text = negative ? QStringLiteral("-") + whole : whole;
    if (exponent > 0)
        text += QLatin1Char('.') +
                QString::number(magnitude % scale).rightJustified(exponent, QLatin1Char('0'));
    return text;
}

QString formatCount(qint64 count)
{
    const QString digits = groupThousands(QString::number(count < 0 ? -count : count));
    return count < 0 ? QStringLiteral("-") + digits : digits;
}

QString Money::toDisplayString() const
{
    return formatMinor(minor, exponentOf(currency), true) + QLatin1Char(' ') + currency;
}

QString Money::toDecimalString() const
{
    return formatMinor(minor, exponentOf(currency), false);
}

void MoneyTotals::add(const Money &amount)
{
    add(amount.currency, amount.minor);
}

std::int64_t Money::parseMinor(const QString &text, const QString &currency)
{
    if (text.isNull())
        return 0;
    bool ok = false;
    const qlonglong minor = text.toLongLong(&ok);
    if (!ok)
        throw UserError(
            QStringLiteral("An amount in %1 from the database, \"%2\", is not a whole number of "
                           "minor units that 64 bits can hold.")
                .arg(currency, text.left(40)),
            QStringLiteral("Check that the amount column holds integer minor units; a total that "
                           "large cannot be shown exactly, so narrow what is summed (a shorter "
                           "window, a smaller batch)."));
    return minor;
}

void MoneyTotals::add(const QString &currency, std::int64_t minor)
{
    const std::int64_t before = m_totals.value(currency, 0);
    std::int64_t sum = 0;
    if (__builtin_add_overflow(before, minor, &sum)) {
        const std::int64_t limit = minor > 0 ? std::numeric_limits<std::int64_t>::max()
                                             : std::numeric_limits<std::int64_t>::min();
        throw UserError(
            QStringLiteral("The total in %1 goes past %2, the most 64-bit minor units hold.")
                .arg(currency, Money{limit, currency}.toDisplayString()),
            QStringLiteral("No total that large can be shown exactly: narrow what is summed (a "
                           "shorter window, a smaller batch)."));
    }
    m_totals[currency] = sum;
}

QString MoneyTotals::toDisplayString() const
{
    QStringList parts;
    for (auto it = m_totals.cbegin(); it != m_totals.cend(); ++it)
        parts << Money{it.value(), it.key()}.toDisplayString();
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral("; "));
}

double stakeRank(const MoneyTotals &totals)
{
    static const QHash<QString, double> perUsd = {{QStringLiteral("USD"), 1},
                                                  {QStringLiteral("EUR"), 0.9},
                                                  {QStringLiteral("RUB"), 80},
                                                  {QStringLiteral("CNY"), 7}};
    double rank = 0;
    for (const QString &currency : totals.currencies()) {
        double major = double(totals.minorFor(currency));
        for (int i = 0; i < Money::exponentOf(currency); ++i)
            major /= 10;
        rank += major / perUsd.value(currency, 1);
    }
    return rank;
}

} // namespace payops
