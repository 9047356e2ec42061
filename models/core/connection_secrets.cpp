#include "core/connection_secrets.h"

#include <QRegularExpression>
#include <QUrl>

namespace payops {

namespace {

bool isUri(const QString &text)
{
    return text.startsWith(u"postgresql://") || text.startsWith(u"postgres://");
}

// user:password@ in the authority part of a URI (up to the first / ? or #).
const QRegularExpression &uriUserPassword()
{
    static const QRegularExpression re(
        QStringLiteral("(postgres(?:ql)?://[^:/?#@\\s]*):[^@/?#\\s]*@"));
    return re;
}

// password=value in a URI query (up to & or the end) or in a key=value
// string (a quoted value with backslash escapes, or a bare word).
const QRegularExpression &passwordPair()
{
    static const QRegularExpression re(
        QStringLiteral("(?<![\\w])password\\s*=\\s*(?:'(?:[^'\\\\]|\\\\.)*'|[^&\\s]*)"));
    return re;
}

QString unquoteConnValue(const QString &value)
{
    if (!value.startsWith(QLatin1Char('\'')))
        return value;
    QString out;
    for (int i = 1; i < value.size() - 1; ++i) {
        if (value[i] == QLatin1Char('\\') && i + 1 < value.size() - 1)
            ++i;
        out += value[i];
    }
    return out;
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// A URI value percent-decoded. A value whose encoding is broken is kept as
// typed: libpq refuses it and quotes it as typed in its error, so that is
// the text to redact (QUrl would decode "%zz" into some other byte).
QString percentDecoded(const QString &value)
{
    for (int i = 0; i < value.size(); ++i)
        if (value[i] == u'%' &&
            (i + 2 >= value.size() || !isHexDigit(value[i + 1]) || !isHexDigit(value[i + 2])))
            return value;
    return QUrl::fromPercentEncoding(value.toUtf8());
}

} // namespace

QString withoutPassword(const QString &connection)
{
    QString text = connection;
    text.replace(uriUserPassword(), QStringLiteral("\\1@"));
    text.replace(passwordPair(), QString());
    if (isUri(text.trimmed())) {
        // A query left with "?&", "&&" or a trailing "?" after the cut.
        text.replace(QStringLiteral("?&"), QStringLiteral("?"));
        text.replace(QStringLiteral("&&"), QStringLiteral("&"));
        while (text.endsWith(QLatin1Char('&')) || text.endsWith(QLatin1Char('?')))
            text.chop(1);
    } else {
        text = text.simplified();
    }
    return text;
}

QString passwordIn(const QString &connection)
{
    const QString text = connection.trimmed();
    if (isUri(text)) {
        const QRegularExpressionMatch userInfo =
            QRegularExpression(QStringLiteral("^postgres(?:ql)?://[^:/?#@]*:([^@/?#]*)@"))
                .match(text);
        if (userInfo.hasMatch())
            return percentDecoded(userInfo.captured(1));
        const QRegularExpressionMatch query =
            QRegularExpression(QStringLiteral("[?&]password=([^&]*)")).match(text);
        if (query.hasMatch())
            return percentDecoded(query.captured(1));
        return {};
    }
    const QRegularExpressionMatch pair = passwordPair().match(text);
    if (!pair.hasMatch())
        return {};
    const QString value = pair.captured(0).section(QLatin1Char('='), 1).trimmed();
    return unquoteConnValue(value);
}

QString redactSecrets(const QString &text, const QStringList &secrets)
{
    QString out = text;
    out.replace(uriUserPassword(), QStringLiteral("\\1:***@"));
    out.replace(passwordPair(), QStringLiteral("password=***"));
    for (const QString &secret : secrets) {
        if (secret.isEmpty())
            continue;
        out.replace(secret, QStringLiteral("***"));
        // libpq and URIs may repeat it percent-encoded.
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        if (encoded != secret)
            out.replace(encoded, QStringLiteral("***"));
    }
    return out;
}

} // namespace payops
