#include "restore/json_members.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace payops::restore {

namespace {

void skipSpace(const QString &t, int &i)
{
    while (i < t.size() && t[i].isSpace())
        ++i;
}

// From t[i] == '"' to just past the closing quote.
int endOfString(const QString &t, int i)
{
    for (++i; i < t.size(); ++i) {
        if (t[i] == u'\\')
            ++i;
        else if (t[i] == u'"')
            return i + 1;
    }
    return int(t.size());
}

// From the first character of a value to just past it.
int endOfValue(const QString &t, int i)
{
    if (i >= t.size())
        return i;
    if (t[i] == u'"')
        return endOfString(t, i);
    if (t[i] == u'{' || t[i] == u'[') {
        int depth = 0;
        while (i < t.size()) {
            const QChar c = t[i];
            if (c == u'"') {
                i = endOfString(t, i);
                continue;
            }
            if (c == u'{' || c == u'[')
                ++depth;
            else if (c == u'}' || c == u']') {
                if (--depth == 0)
                    return i + 1;
            }
            ++i;
        }
        return i;
    }
    while (i < t.size() && t[i] != u',' && t[i] != u'}' && t[i] != u']' && !t[i].isSpace())
        ++i;
    return i;
}

QString unquote(const QString &raw)
{
    // QJsonDocument reads a string literal exactly (no number involved).
    const QJsonDocument doc = QJsonDocument::fromJson(("[" + raw + "]").toUtf8());
    return doc.array().at(0).toString();
}

} // namespace

QString jsonMember(const QString &t, const QString &name)
{
    int i = 0;
    skipSpace(t, i);
    if (i >= t.size() || t[i] != u'{')
        return {};
    ++i;
    while (i < t.size()) {
        skipSpace(t, i);
        if (i >= t.size() || t[i] == u'}')
            return {};
        if (t[i] != u'"')
            return {};
        const int keyEnd = endOfString(t, i);
        const QString key = unquote(t.mid(i, keyEnd - i));
        i = keyEnd;
        skipSpace(t, i);
        if (i >= t.size() || t[i] != u':')
            return {};
        ++i;
        skipSpace(t, i);
        const int valueEnd = endOfValue(t, i);
        if (key == name)
            return t.mid(i, valueEnd - i);
        i = valueEnd;
        skipSpace(t, i);
        if (i < t.size() && t[i] == u',')
            ++i;
    }
    return {};
}

QString jsonMemberText(const QString &objectText, const QString &name)
{
    const QString raw = jsonMember(objectText, name);
    if (raw.isNull() || raw == u"null")
        return {};
    if (raw.startsWith(QLatin1Char('"')))
        return unquote(raw);
    return raw;
}

QString jsonQuote(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace payops::restore
