#include "outreach/eml.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QStringList>

namespace payops::outreach {

namespace {

const QByteArray kCrlf = QByteArrayLiteral("\r\n");

bool isAsciiPrintable(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    return true;
}

// RFC 5322 atext: what a display name may hold without quotes.
bool isAtom(const QString &text)
{
    static const QRegularExpression atoms(QStringLiteral("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$"));
    return atoms.match(text).hasMatch();
}

// The text as UTF-8 B encoded-words, one a line, each line within RFC
// 2047's 76 characters: the first after "Field: ", the others after the
// folding space. A code point is never cut; a word ends after a space
// where one is near, the space encoded in it (decoders drop only the
// whitespace between words, so the text comes back as it was, and readers
// that keep it, such as Python's address parser, show a double space
// rather than a word cut in two).
QStringList encodedWords(const QString &text, int fieldLength)
{
    const auto bytesFor = [](int lineRoom) {
        return (lineRoom - 12) / 4 * 3;
    }; // "=?UTF-8?B?" "?="
    int room = bytesFor(76 - fieldLength - 2);
    QStringList words;
    QByteArray chunk;
    int lastSpace = -1; // in chunk: where a word may end
    const auto flush = [&](int upTo) {
        words << QStringLiteral("=?UTF-8?B?%1?=")
                     .arg(QString::fromLatin1(chunk.left(upTo).toBase64()));
        chunk = chunk.mid(upTo);
        room = bytesFor(76 - 1);
    };
    for (const char32_t codePoint : text.toUcs4()) {
        const QByteArray bytes = QString::fromUcs4(&codePoint, 1).toUtf8();
        if (chunk.size() + bytes.size() > room) {
            // After the last space when it keeps the word at least half full.
            flush(lastSpace >= room / 2 ? lastSpace + 1 : chunk.size());
            lastSpace = chunk.lastIndexOf(' ');
        }
        chunk += bytes;
        if (codePoint == U' ')
            lastSpace = chunk.size() - 1;
    }
    if (!chunk.isEmpty())
        flush(chunk.size());
    return words;
}

QString clean(const QString &value)
{
    QString out;
    for (const QChar c : value)
        out += c.category() == QChar::Other_Control ? QLatin1Char(' ') : c;
    return out.simplified();
}

// Folds ASCII text at spaces so that lines stay within 78 characters
// where the words allow it.
QByteArray foldAscii(const QByteArray &field, const QString &value)
{
    QByteArray out = field + ": ";
    int lineLength = out.size();
    const QStringList words = value.split(QLatin1Char(' '));
    for (int i = 0; i < words.size(); ++i) {
        const QByteArray word = words[i].toLatin1();
        if (i > 0) {
            if (lineLength + 1 + word.size() > 78) {
                out += kCrlf;
                lineLength = 0;
            }
            out += ' ';
            ++lineLength;
        }
        out += word;
        lineLength += word.size();
    }
    return out + kCrlf;
}

} // namespace

bool isUsableAddress(const QString &address)
{
    static const QRegularExpression usable(QStringLiteral(
        "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
        "@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"));
    return address.size() <= 254 && usable.match(address).hasMatch();
}

std::optional<Mailbox> parseMailbox(const QString &text)
{
    const QString given = text.trimmed();
    static const QRegularExpression named(QStringLiteral("^(.*)<([^<>]+)>$"));
    const auto match = named.match(given);
    Mailbox mailbox;
    if (match.hasMatch()) {
        mailbox.name = match.captured(1).trimmed();
        if (mailbox.name.size() >= 2 && mailbox.name.startsWith(QLatin1Char('"')) &&
            mailbox.name.endsWith(QLatin1Char('"')))
            mailbox.name = mailbox.name.mid(1, mailbox.name.size() - 2);
        mailbox.address = match.captured(2).trimmed();
    } else {
        mailbox.address = given;
    }
    if (!isUsableAddress(mailbox.address))
        return std::nullopt;
    return mailbox;
}

QByteArray quotedPrintable(const QString &text)
{
    QString normal = text;
    normal.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normal.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    const QStringList lines = normal.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QByteArray bytes = line.toUtf8();
        // Each byte as its token: itself or =XX.
        QList<QByteArray> tokens;
        for (int i = 0; i < bytes.size(); ++i) {
            const uchar b = uchar(bytes[i]);
            const bool last = i == bytes.size() - 1;
            const bool opensFrom = i == 0 && bytes.startsWith("From ");
            const bool opensDot = i == 0 && b == '.';
            const bool literal =
                ((b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last)) &&
                !opensFrom && !opensDot;
            if (literal)
                tokens << QByteArray(1, char(b));
            else
                tokens << QByteArray("=") + hex[b >> 4] + hex[b & 15];
        }
        QByteArray current;
        for (int t = 0; t < tokens.size(); ++t) {
            const bool lastToken = t == tokens.size() - 1;
            // A soft break takes one character ('='); the line's end may use all 76.
            if (current.size() + tokens[t].size() > (lastToken ? 76 : 75)) {
                out += current + '=' + kCrlf;
                current.clear();
            }
            current += tokens[t];
        }
        out += current + kCrlf;
    }
    return out;
}

QByteArray unstructuredHeader(const QByteArray &field, const QString &value)
{
    const QString text = clean(value);
    if (isAsciiPrintable(text))
        return foldAscii(field, text);
    return field + ": " +
           encodedWords(text, field.size()).join(QStringLiteral("\r\n ")).toLatin1() + kCrlf;
}

QByteArray mailboxHeader(const QByteArray &field, const Mailbox &mailbox)
{
    const QString name = clean(mailbox.name);
    const QByteArray address = mailbox.address.toLatin1();
    if (name.isEmpty())
        return field + ": " + address + kCrlf;
    QByteArray phrase;
    if (!isAsciiPrintable(name))
        phrase = encodedWords(name, field.size()).join(QStringLiteral("\r\n ")).toLatin1();
    else if (isAtom(name))
        phrase = name.toLatin1();
    else
        phrase = '"' +
                 QString(name)
                     .replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                     .replace(QLatin1Char('"'), QStringLiteral("\\\""))
                     .toLatin1() +
                 '"';
    const QByteArray line = field + ": " + phrase + " <" + address + '>';
    // A long name keeps the address on a line of its own.
    if (!phrase.contains('\n') && line.size() <= 78)
        return line + kCrlf;
    return field + ": " + phrase + "\r\n <" + address + '>' + kCrlf;
}

QByteArray rfc5322Date(const QDateTime &time)
{
    static const char *days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    return QStringLiteral("%1, %2 %3 %4 %5 +0000")
        .arg(QLatin1String(days[d.dayOfWeek() - 1]))
        .arg(d.day(), 2, 10, QLatin1Char('0'))
        .arg(QLatin1String(months[d.month() - 1]))
        .arg(d.year())
        .arg(utc.time().toString(QStringLiteral("HH:mm:ss")))
        .toLatin1();
}

QString messageIdFor(qint64 caseId, const QString &account, const QDateTime &time,
                     const QString &fromAddress)
{
    const QByteArray seed = QByteArray::number(caseId) + '\n' + account.toUtf8() + '\n' +
                            QByteArray::number(time.toMSecsSinceEpoch());
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex().left(20));
    QString readable = account;
    readable.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]")), QString());
    QString domain = fromAddress.section(QLatin1Char('@'), 1);
    if (domain.isEmpty())
        domain = QStringLiteral("payops.invalid");
    const QString left = QStringLiteral("payops.case%1.").arg(caseId) +
                         (readable.isEmpty() ? QString() : readable.left(40) + u'.') + hash;
    return left + QLatin1Char('@') + domain;
}

QByteArray emlBytes(const EmlMessage &m)
{
    QByteArray out;
    out += mailboxHeader("From", m.from);
    out += mailboxHeader("To", m.to);
    out += unstructuredHeader("Subject", m.subject);
    out += "Date: " + rfc5322Date(m.date) + kCrlf;
    out += "Message-ID: <" + m.messageId.toLatin1() + '>' + kCrlf;
    out += "MIME-Version: 1.0" + kCrlf;
    out += "Content-Type: text/plain; charset=utf-8" + kCrlf;
    out += "Content-Transfer-Encoding: quoted-printable" + kCrlf;
    out += "X-Unsent: 1" + kCrlf;
    if (m.caseId > 0)
        out += "X-PayOps-Case: " + QByteArray::number(m.caseId) + kCrlf;
    if (!m.account.isEmpty() && isAsciiPrintable(m.account) && m.account.size() <= 200)
        out += "X-PayOps-Account: " + m.account.toLatin1() + kCrlf;
    out += kCrlf;
    out += quotedPrintable(m.body);
    return out;
}

QString safeFileStem(const QString &text)
{
    QString stem;
    for (const QChar c : text) {
        const bool safe = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                          (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                          (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                          c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-');
        stem += safe ? c : QLatin1Char('_');
    }
    while (stem.startsWith(QLatin1Char('.')) || stem.startsWith(QLatin1Char('-')))
        stem.remove(0, 1);
    stem = stem.left(60);
    if (stem == text && !stem.isEmpty())
        return stem;
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    return stem.isEmpty() ? hash : stem + QLatin1Char('-') + hash;
}

} // namespace payops::outreach
