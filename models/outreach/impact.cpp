#include "outreach/impact.h"

#include <QJsonValue>
#include <QStringList>

namespace payops::outreach {

namespace {

// Minor units arrive as JSON strings (bigint does not fit a double); a
// number is accepted when it is whole.
QString minorText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return QString();
}

// English month names whatever the machine's locale: messages go to
// customers in one language, and tests read them.
QString monthName(int month)
{
    static const char *names[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
    return QLatin1String(names[qBound(1, month, 12) - 1]);
}

QString dayMonthYear(const QDate &d)
{
    return QStringLiteral("%1 %2 %3").arg(d.day()).arg(monthName(d.month())).arg(d.year());
}

} // namespace

IncidentKind incidentKind(const QString &incident)
{
    const QString text = incident.toLower();
    if (text.contains(QLatin1String("paid twice")) || text.contains(QLatin1String("duplicate")))
        return IncidentKind::DuplicatePayout;
    if (text.contains(QLatin1String("refund reversed")) || text.contains(QLatin1String("reversal")))
        return IncidentKind::ReversedRefund;
    if (text.contains(QLatin1String("charged wrongly")) ||
        text.contains(QLatin1String("wrong charge")) || text.contains(QLatin1String("refunded")))
        return IncidentKind::WrongCharge;
    return IncidentKind::Other;
}

Impact readImpact(const QJsonObject &impact)
{
    Impact result;
    result.incident = impact.value(QLatin1String("incident")).toString();
    result.kind = incidentKind(result.incident);
    const QJsonObject amounts = impact.value(QLatin1String("amounts")).toObject();
    for (auto it = amounts.constBegin(); it != amounts.constEnd(); ++it)
        result.amounts.add(it.key(), Money::parseMinor(minorText(it.value()), it.key()));
    // The claw-back's figures are in the person's one currency.
    QString currency = impact.value(QLatin1String("currency")).toString();
    if (currency.isEmpty() && result.amounts.currencies().size() == 1)
        currency = result.amounts.currencies().constFirst();
    const auto money = [&](const char *key) -> std::optional<Money> {
        const QJsonValue value = impact.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull() || currency.isEmpty())
            return std::nullopt;
        return Money{Money::parseMinor(minorText(value), currency), currency};
    };
    result.recoverable = money("recoverable_minor");
    result.unrecoverable = money("unrecoverable_minor");
    result.rows = impact.value(QLatin1String("rows")).toInt();
    result.first =
        QDateTime::fromString(impact.value(QLatin1String("first")).toString(), Qt::ISODate);
    result.last =
        QDateTime::fromString(impact.value(QLatin1String("last")).toString(), Qt::ISODate);
    if (!result.last.isValid())
        result.last = result.first;
    const QJsonObject contacts = impact.value(QLatin1String("contacts")).toObject();
    result.contactsFrom = contacts.value(QLatin1String("from")).toString();
    result.contactsBackup = contacts.value(QLatin1String("backup")).toString();
    result.contactsTakenAt =
        QDateTime::fromString(contacts.value(QLatin1String("taken_at")).toString(), Qt::ISODate);
    return result;
}

QString amountsText(const MoneyTotals &amounts)
{
    QStringList parts;
    for (const QString &currency : amounts.currencies())
        parts << Money{amounts.minorFor(currency), currency}.toDisplayString();
    if (parts.size() <= 1)
        return parts.value(0);
    const QString last = parts.takeLast();
    return parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

QString datesText(const QDateTime &first, const QDateTime &last)
{
    if (!first.isValid())
        return QString();
    const QDate a = first.toUTC().date();
    const QDate b = (last.isValid() ? last : first).toUTC().date();
    if (a == b)
        return dayMonthYear(a);
    const QDate from = qMin(a, b), to = qMax(a, b);
    if (from.year() == to.year() && from.month() == to.month())
        return QStringLiteral("%1–%2").arg(from.day()).arg(dayMonthYear(to));
    if (from.year() == to.year())
        return QStringLiteral("%1 %2 – %3")
            .arg(from.day())
            .arg(monthName(from.month()), dayMonthYear(to));
    return dayMonthYear(from) + QStringLiteral(" – ") + dayMonthYear(to);
}

QStringList whatHappened(const Impact &impact)
{
    const QString amount = amountsText(impact.amounts);
    const QString dates = datesText(impact.first, impact.last);
    const QString when = dates.isEmpty() ? QString() : QStringLiteral(" on ") + dates;
    QStringList lines;
    switch (impact.kind) {
    case IncidentKind::WrongCharge:
        lines << QStringLiteral("Charged %1 by mistake%2; refunded in full.").arg(amount, when);
        break;
    case IncidentKind::ReversedRefund:
        lines << QStringLiteral("Received a refund of %1 by mistake%2; the refund was reversed.")
                     .arg(amount, when);
        break;
    case IncidentKind::DuplicatePayout:
        lines << QStringLiteral("Paid twice%1: the duplicate is %2.").arg(when, amount);
        if (impact.recoverable)
            lines << QStringLiteral("Their balance still holds %1 of it (what a claw-back may "
                                    "take, with their agreement).")
                         .arg(impact.recoverable->toDisplayString());
        if (impact.unrecoverable && impact.unrecoverable->minor != 0)
            lines << QStringLiteral("%1 has been withdrawn or reinvested since: not asked back.")
                         .arg(impact.unrecoverable->toDisplayString());
        break;
    case IncidentKind::Other:
        lines << QStringLiteral("%1%2%3.").arg(
            impact.incident.trimmed().isEmpty() ? QStringLiteral("Affected by the incident")
                                                : impact.incident.trimmed(),
            amount.isEmpty() ? QString() : QStringLiteral(": ") + amount, when);
        break;
    }
    if (impact.rows > 1)
        lines
            << QStringLiteral("%1 records of theirs are concerned.").arg(formatCount(impact.rows));
    return lines;
}

QString contactsNote(const Impact &impact)
{
    if (impact.contactsFrom == u"backup") {
        const QString when =
            impact.contactsTakenAt.isValid()
                ? QStringLiteral(" of %1 %2 UTC")
                      .arg(dayMonthYear(impact.contactsTakenAt.toUTC().date()),
                           impact.contactsTakenAt.toUTC().toString(QStringLiteral("HH:mm")))
                : QString();
        return QStringLiteral("Contact details from backup %1%2: the account is no longer in "
                              "the live data.")
            .arg(impact.contactsBackup, when);
    }
    if (impact.contactsFrom == u"none")
        return impact.contactsBackup.isEmpty()
                   ? QStringLiteral("No contact details: the account is no longer in the live "
                                    "data (a backup may hold them: payops outreach add "
                                    "--backup).")
                   : QStringLiteral("No contact details: the account is neither in the live "
                                    "data nor in backup %1.")
                         .arg(impact.contactsBackup);
    return QString();
}

} // namespace payops::outreach
