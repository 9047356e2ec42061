#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace payops::test {

// An .eml file read back as a mail client would, written apart from the
// exporter so that the tests check it rather than repeat it: the header
// fields unfolded only as far as joining their lines, the body as sent.
struct ParsedEml
{
    QList<QPair<QByteArray, QByteArray>> headers; // name, raw value (folds kept as CRLF SP)
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    int count(const QByteArray &name) const;
};
ParsedEml parseEml(const QByteArray &raw);

// Quoted-printable to its bytes (RFC 2045 6.7: soft breaks dropped).
QByteArray decodeQuotedPrintable(const QByteArray &encoded);
// A header value with its RFC 2047 encoded words (UTF-8, B) decoded and
// its folds unfolded; plain text as it is.
QString decodeHeader(const QByteArray &value);

} // namespace payops::test
