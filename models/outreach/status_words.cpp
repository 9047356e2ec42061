#include "outreach/status_words.h"

#include "outreach/roster.h"

#include <QHash>

namespace payops::outreach {

namespace {

const QHash<QString, QString> &words()
{
    static const QHash<QString, QString> table = {
        {QStringLiteral("not_contacted"), QStringLiteral("Not contacted")},
        {QStringLiteral("contacted"), QStringLiteral("Contacted")},
        {QStringLiteral("agreed"), QStringLiteral("Agreed")},
        {QStringLiteral("refused"), QStringLiteral("Refused")},
        {QStringLiteral("disputed"), QStringLiteral("Disputed")},
        {QStringLiteral("proof_asked"), QStringLiteral("Written proof asked")},
        {QStringLiteral("proof_sent"), QStringLiteral("Written proof sent")},
        {QStringLiteral("resolved"), QStringLiteral("Resolved")},
        {QStringLiteral("unreachable"), QStringLiteral("Unreachable")}};
    return table;
}

} // namespace

QString statusWords(const QString &status)
{
    // A status a newer schema added still reads as words, not as a code.
    return words().value(status, QString(status).replace(QLatin1Char('_'), QLatin1Char(' ')));
}

QString statusFromWords(const QString &wordsOrCode)
{
    const QString given = wordsOrCode.trimmed();
    if (outreachStatuses().contains(given))
        return given;
    for (auto it = words().cbegin(); it != words().cend(); ++it)
        if (it.value().compare(given, Qt::CaseInsensitive) == 0)
            return it.key();
    return QString();
}

} // namespace payops::outreach
