#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace payops::outreach {

// An e-mail address and the name shown with it.
struct Mailbox
{
    QString name;
    QString address;
};

// Whether a mail client can send to it as it is: one @, ASCII, no spaces,
// nothing that would have to be quoted (a roster's e-mail comes from the
// billing data and may hold anything).
bool isUsableAddress(const QString &address);
// "Customer care <care@example.com>" or "care@example.com"; none when the
// address is not usable.
std::optional<Mailbox> parseMailbox(const QString &text);

// One message as an RFC 5322 file (.eml) that any mail client opens: CRLF
// line ends; From, To, Subject, Date, Message-ID, MIME-Version and
// X-Unsent (Outlook opens it as a draft to send); a text/plain UTF-8 body
// in quoted-printable; names and subject RFC 2047-encoded when they are
// not ASCII.
struct EmlMessage
{
    Mailbox from;
    Mailbox to;
    QString subject;
    QString body;
    QDateTime date;
    QString messageId; // without the angle brackets
    qint64 caseId = 0; // X-PayOps-Case, when known
    QString account;   // X-PayOps-Account, when ASCII
};
QByteArray emlBytes(const EmlMessage &message);

// The pieces, for the tests and for other writers.
// The body in quoted-printable: lines at most 76 characters, soft breaks
// "=" CRLF, hard breaks CRLF, '=' and every byte outside printable ASCII
// as =XX, a space or tab ending a line encoded, "From " and "." opening a
// line encoded (mbox and SMTP would change them).
QByteArray quotedPrintable(const QString &text);
// "Subject: ..." with its CRLF: ASCII folded at spaces to 78 characters,
// anything else as UTF-8 B encoded-words, one a line of at most 76
// characters, ending after a space where one is near.
QByteArray unstructuredHeader(const QByteArray &field, const QString &value);
// "To: Name <address>" with its CRLF: the name quoted, or encoded.
QByteArray mailboxHeader(const QByteArray &field, const Mailbox &mailbox);
// "Tue, 05 May 2026 10:00:00 +0000" (English names, UTC).
QByteArray rfc5322Date(const QDateTime &time);
// A Message-ID unique to the case, the account and the moment, at the
// sender's domain.
QString messageIdFor(qint64 caseId, const QString &account, const QDateTime &time,
                     const QString &fromAddress);

// A file name of [A-Za-z0-9._-] only, never hidden, at most 80 characters;
// when anything had to change, a hash of the original follows so that two
// accounts never share a name.
QString safeFileStem(const QString &text);

} // namespace payops::outreach
