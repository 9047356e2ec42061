#include "outreach/call_script.h"

#include "outreach/impact.h"
#include "outreach/status_words.h"

#include <QStringList>

namespace payops::outreach {

namespace {

QString orNone(const QString &value, const QString &none)
{
    return value.trimmed().isEmpty() ? none : value.trimmed();
}

QString indented(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = line.isEmpty() ? line : QStringLiteral("  ") + line;
    return lines.join(QLatin1Char('\n'));
}

// The account as a shell word: the command below is pasted into a terminal.
QString shellWord(const QString &text)
{
    static const QString plain =
        QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@");
    bool needsQuotes = text.isEmpty();
    for (const QChar c : text)
        needsQuotes = needsQuotes || !plain.contains(c);
    if (!needsQuotes)
        return text;
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QStringLiteral("'\\''")) +
           QLatin1Char('\'');
}

} // namespace

QString callScript(const RosterPerson &person, const CaseInfo &info, const RenderedMessage &message)
{
    const Impact impact = readImpact(person.impact);
    QStringList statuses;
    for (const QString &status : outreachStatuses())
        statuses << QStringLiteral("  %1 (%2)").arg(statusWords(status), status);
    QString text;
    text += QStringLiteral("Call script: case %1%2\n")
                .arg(info.id)
                .arg(info.title.isEmpty() ? QString() : QStringLiteral(", ") + info.title);
    text += QStringLiteral("\n");
    text += QStringLiteral("Who:        %1 (account %2)\n")
                .arg(orNone(person.name, QStringLiteral("name not on record")), person.account);
    text += QStringLiteral("Number:     %1\n")
                .arg(orNone(person.phone, QStringLiteral("no phone number on record")));
    text += QStringLiteral("E-mail:     %1\n")
                .arg(orNone(person.email, QStringLiteral("no e-mail address on record")));
    if (!contactsNote(impact).isEmpty())
        text += QStringLiteral("            %1\n").arg(contactsNote(impact));
    text += QStringLiteral("Status now: %1\n").arg(statusWords(person.status));
    if (!person.assignee.isEmpty())
        text += QStringLiteral("Assigned:   %1\n").arg(person.assignee);
    if (!person.nextStep.isEmpty())
        text += QStringLiteral("Next step:  %1\n").arg(person.nextStep);
    text += QStringLiteral("\nWhat happened to them:\n%1\n")
                .arg(indented(whatHappened(impact).join(QLatin1Char('\n'))));
    if (!message.call.isEmpty())
        text += QStringLiteral("\nWhat to say and ask:\n%1\n").arg(indented(message.call));
    text += QStringLiteral("\nRecord the outcome afterwards, one of:\n%1\n")
                .arg(statuses.join(QLatin1Char('\n')));
    text += QStringLiteral("in the console (Customers) or with\n"
                           "  payops outreach record --case %1 --account %2 --status STATUS "
                           "--note \"what was said\"\n")
                .arg(info.id)
                .arg(shellWord(person.account));
    text += QStringLiteral("\nNotes:\n\n\n");
    return text;
}

} // namespace payops::outreach
