#include "watch/alert_fingerprint.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace payops::watch {

QString fingerprintText(const Finding &finding)
{
    // Parenthesised parts carry figures ("(73,271.36 USD)", "(still
    // silent)", "(usually 32%)"); digits are counts and days.
    static const QRegularExpression parenthesised(QStringLiteral("\\([^()]*\\)"));
    static const QRegularExpression digits(QStringLiteral("[0-9][0-9,.]*%?"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QString words = finding.title;
    words.remove(parenthesised);
    words.replace(digits, QStringLiteral("#"));
    words = words.replace(spaces, QStringLiteral(" ")).trimmed();
    return QStringList{finding.detector, finding.kind, finding.dimension, words}.join(
        QLatin1Char('|'));
}

QString alertFingerprint(const Finding &finding)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(fingerprintText(finding).toUtf8(), QCryptographicHash::Sha256)
            .toHex());
}

} // namespace payops::watch
