#include "money/key_json.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace payops::money {

QString keyJson(const QString &column, const QString &value)
{
    static const QRegularExpression integer(QStringLiteral("^-?[0-9]{1,18}$"));
    const QJsonValue v =
        integer.match(value).hasMatch() ? QJsonValue(value.toLongLong()) : QJsonValue(value);
    return QString::fromUtf8(QJsonDocument(QJsonObject{{column, v}}).toJson(QJsonDocument::Compact))
        .replace(QStringLiteral("\":"), QStringLiteral("\": "));
}

} // namespace payops::money
