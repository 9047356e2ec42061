#include "support/eml_read.h"

#include <QRegularExpression>

namespace payops::test {

QByteArray ParsedEml::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

int ParsedEml::count(const QByteArray &name) const
{
    int n = 0;
    for (const auto &h : headers)
        n += h.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return n;
}

ParsedEml parseEml(const QByteArray &raw)
{
    ParsedEml parsed;
    const int end = raw.indexOf("\r\n\r\n");
    if (end < 0)
        return parsed;
    for (QByteArray line : raw.left(end).split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if ((line.startsWith(' ') || line.startsWith('\t')) && !parsed.headers.isEmpty())
            parsed.headers.last().second += "\r\n" + line;
        else if (line.contains(':'))
            parsed.headers.append(
                {line.left(line.indexOf(':')), line.mid(line.indexOf(':') + 1).trimmed()});
    }
    parsed.body = raw.mid(end + 4);
    return parsed;
}

QByteArray decodeQuotedPrintable(const QByteArray &encoded)
{
    QByteArray out;
    for (int i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c != '=') {
            out += c;
            continue;
        }
        if (encoded.mid(i + 1, 2) == "\r\n") {
            i += 2;
            continue;
        }
        bool ok = false;
        out += char(encoded.mid(i + 1, 2).toInt(&ok, 16));
        if (!ok)
            return QByteArrayLiteral("(not quoted-printable)");
        i += 2;
    }
    return out;
}

QString decodeHeader(const QByteArray &value)
{
    static const QRegularExpression word(QStringLiteral("=\\?UTF-8\\?B\\?([^?]*)\\?="),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression between(QStringLiteral("\\?=\\s+=\\?"));
    QByteArray unfolded = value;
    unfolded.replace("\r\n", "");
    // Whitespace between two adjacent encoded words is not part of the text.
    const QString text = QString::fromLatin1(unfolded).replace(between, QStringLiteral("?==?"));
    QByteArray bytes;
    int at = 0;
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        bytes += text.mid(at, m.capturedStart() - at).toLatin1();
        bytes += QByteArray::fromBase64(m.captured(1).toLatin1());
        at = m.capturedEnd();
    }
    bytes += text.mid(at).toLatin1();
    return QString::fromUtf8(bytes);
}

} // namespace payops::test
