#include "core/wording.h"

#include "core/money.h"

#include <QStringList>

namespace payops {

QString counted(qint64 count, const QString &singular, const QString &plural)
{
    const QString noun =
        count == 1 ? singular : (plural.isEmpty() ? singular + QLatin1Char('s') : plural);
    return formatCount(count) + QLatin1Char(' ') + noun;
}

QString withArticle(const QString &word)
{
    const QString lower = word.trimmed().toLower();
    // Words spelt with a vowel that start with the consonant "y" sound.
    static const QStringList youSound = {QStringLiteral("us"), QStringLiteral("uni"),
                                         QStringLiteral("ur"), QStringLiteral("ut"),
                                         QStringLiteral("eu"), QStringLiteral("one")};
    bool vowel = !lower.isEmpty() && QStringLiteral("aeiou").contains(lower.front());
    for (const QString &start : youSound)
        vowel = vowel && !lower.startsWith(start);
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + word;
}

} // namespace payops
