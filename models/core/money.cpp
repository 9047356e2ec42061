#include "core/money.h"

#include <QHash>
#include <QStringList>

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

void MoneyTotals::add(const QString &currency, std::int64_t minor)
{
    m_totals[currency] += minor;
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
