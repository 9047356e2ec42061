#include "outreach/messages.h"

#include "outreach/status_words.h"

namespace payops::outreach {

namespace {

// What came from the billing data may hold anything; a value never brings
// a line break or a control character into a message.
QString oneLine(const QString &value)
{
    QString clean;
    clean.reserve(value.size());
    for (const QChar c : value)
        clean += (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
                  c == QChar::ParagraphSeparator)
                     ? QLatin1Char(' ')
                     : c;
    return clean.simplified();
}

QString withoutControls(const QString &text)
{
    QString clean;
    clean.reserve(text.size());
    for (const QChar c : text)
        if (c == QLatin1Char('\n') || c == QLatin1Char('\t') ||
            c.category() != QChar::Other_Control)
            clean += c;
    return clean;
}

// Nothing to take back, or nothing lost: the sentence about it is left out.
QString nonZero(const std::optional<Money> &money)
{
    return money && money->minor != 0 ? money->toDisplayString() : QString();
}

} // namespace

QMap<QString, QString> messageFields(const RosterPerson &person, const CaseInfo &info,
                                     const QString &sender)
{
    const Impact impact = readImpact(person.impact);
    return {{QStringLiteral("name"), oneLine(person.name)},
            {QStringLiteral("email"), oneLine(person.email)},
            {QStringLiteral("phone"), oneLine(person.phone)},
            {QStringLiteral("account"), oneLine(person.account)},
            {QStringLiteral("amount"), amountsText(impact.amounts)},
            {QStringLiteral("recoverable"), nonZero(impact.recoverable)},
            {QStringLiteral("unrecoverable"), nonZero(impact.unrecoverable)},
            {QStringLiteral("rows"), impact.rows > 0 ? formatCount(impact.rows) : QString()},
            {QStringLiteral("dates"), datesText(impact.first, impact.last)},
            {QStringLiteral("status"), statusWords(person.status)},
            {QStringLiteral("case"), info.id > 0 ? QString::number(info.id) : QString()},
            {QStringLiteral("case_title"), oneLine(info.title)},
            {QStringLiteral("sender"), oneLine(sender)}};
}

MessageTemplate templateFor(const RosterPerson &person, const MessageTemplate *chosen)
{
    if (chosen)
        return *chosen;
    return defaultTemplate(incidentKind(person.impact.value(QLatin1String("incident")).toString()));
}

RenderedMessage renderMessage(const RosterPerson &person, const CaseInfo &info,
                              const MessageTemplate *chosen, const QString &sender)
{
    const MessageTemplate t = templateFor(person, chosen);
    const QMap<QString, QString> fields = messageFields(person, info, sender);
    RenderedMessage m;
    m.templateName = t.name;
    m.from = t.from;
    m.subject = oneLine(renderTemplate(t.subject, fields));
    m.body = withoutControls(renderTemplate(t.body, fields));
    m.call = withoutControls(renderTemplate(t.call, fields));
    return m;
}

} // namespace payops::outreach
