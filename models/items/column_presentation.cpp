#include "items/column_presentation.h"

#include "core/money.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>

namespace payops::items {

namespace {

// Set once from the settings (and on every change), not read per cell.
QTimeZone &chosenZone()
{
    static QTimeZone zone = QTimeZone::systemTimeZone();
    return zone;
}

QString moneyText(const QString &minor, const QString &currency)
{
    bool ok = false;
    const qlonglong amount = minor.trimmed().toLongLong(&ok);
    if (!ok || currency.isEmpty())
        return QString();
    return Money{amount, currency}.toDisplayString();
}

// "1050 EUR; 300 USD" (a per-currency total as the queues write it).
QString moneyListText(const QString &value)
{
    QStringList parts;
    for (const QString &piece : value.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList words = piece.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QString formatted = words.size() == 2 ? moneyText(words[0], words[1]) : QString();
        if (formatted.isEmpty())
            return QString();
        parts << formatted;
    }
    return parts.join(QStringLiteral("; "));
}

QString jsonKeyText(const QString &value)
{
    if (!value.startsWith(QLatin1Char('{')) || !value.endsWith(QLatin1Char('}')))
        return QString();
    const QJsonDocument document = QJsonDocument::fromJson(value.toUtf8());
    if (!document.isObject())
        return QString();
    const QJsonObject object = document.object();
    const auto plain = [](const QJsonValue &v) {
        if (v.isDouble())
            return QString::number(qint64(v.toDouble()));
        if (v.isString())
            return v.toString();
        // Nested values stay JSON: a key holds none in the demo or the profiles.
        return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
            .mid(1)
            .chopped(1);
    };
    if (object.size() == 1)
        return plain(*object.begin());
    QStringList parts;
    for (auto it = object.begin(); it != object.end(); ++it)
        parts << it.key() + QLatin1Char(' ') + plain(it.value());
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString columnHeader(const QString &column)
{
    static const QHash<QString, QString> words = {
        {QStringLiteral("row_key"), QObject::tr("Row")},
        {QStringLiteral("target_key"), QObject::tr("Row")},
        {QStringLiteral("target_table"), QObject::tr("Table")},
        {QStringLiteral("case_id"), QObject::tr("Case")},
        {QStringLiteral("batch_id"), QObject::tr("Batch")},
        {QStringLiteral("user_id"), QObject::tr("User")},
        {QStringLiteral("item_no"), QObject::tr("Item")},
        {QStringLiteral("waiting_for"), QObject::tr("Waiting for")},
        {QStringLiteral("amount_minor"), QObject::tr("Amount")},
        {QStringLiteral("totals_minor"), QObject::tr("Totals")},
        {QStringLiteral("at"), QObject::tr("When")},
        {QStringLiteral("created_by"), QObject::tr("Built by")},
        {QStringLiteral("submitted_at"), QObject::tr("Submitted")},
        {QStringLiteral("created_at"), QObject::tr("Created")},
        {QStringLiteral("kind"), QObject::tr("Kind")},
        {QStringLiteral("rows"), QObject::tr("Rows")},
        {QStringLiteral("row_count"), QObject::tr("Rows")},
        {QStringLiteral("email"), QObject::tr("E-mail")},
        {QStringLiteral("source_env"), QObject::tr("Source environment")},
    };
    if (const auto it = words.constFind(column); it != words.cend())
        return *it;
    QString text = column;
    if (text.endsWith(QStringLiteral("_minor")))
        text.chop(6);
    else if (text.endsWith(QStringLiteral("_id")))
        text.chop(3);
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

bool isMoneyColumn(const QString &column)
{
    return column.endsWith(QStringLiteral("_minor"));
}

QString displayTime(const QString &value, const QTimeZone &zone)
{
    // PostgreSQL's text: "2026-04-20 06:00:07.123456+00" (timestamptz) or
    // without the offset (timestamp, read as UTC as the demo stores them).
    static const QRegularExpression shape(QStringLiteral(
        R"(^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}(:?\d{2})?)?$)"));
    const QRegularExpressionMatch match = shape.match(value);
    if (!match.hasMatch())
        return QString();
    QString offset = match.captured(4);
    if (offset.size() == 3)
        offset += QStringLiteral(":00");
    else if (offset.size() == 5)
        offset.insert(3, QLatin1Char(':'));
    const QString iso = match.captured(1) + QLatin1Char('T') + match.captured(2) +
                        (offset.isEmpty() ? QStringLiteral("Z") : offset);
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODate);
    if (!time.isValid())
        return QString();
    const QDateTime shown = time.toTimeZone(zone);
    return shown.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + zone.abbreviation(shown);
}

bool looksNumeric(const QString &value)
{
    static const QRegularExpression number(QStringLiteral(R"(^-?\d+(\.\d+)?$)"));
    return !value.isEmpty() && number.match(value).hasMatch();
}

// The detectors' own codes in their rows (orphans' reason, refund rules'
// rule) as a person says them; other values of those columns as they are.
QString codeWords(const QString &column, const QString &value)
{
    static const QHash<QString, QString> words = {
        {QStringLiteral("account_missing"), QStringLiteral("account does not exist")},
        {QStringLiteral("account_deleted"), QStringLiteral("account deleted")},
        {QStringLiteral("parked_on_sentinel"), QStringLiteral("parked on the sentinel account")},
        {QStringLiteral("order_missing"), QStringLiteral("order does not exist")},
        {QStringLiteral("non_production_source"), QStringLiteral("from a non-production source")},
        {QStringLiteral("charge_missing"), QStringLiteral("charge does not exist")},
        {QStringLiteral("above_charge"), QStringLiteral("more than the charge")},
        {QStringLiteral("charge_not_taken"), QStringLiteral("charge never took money")},
    };
    if (column != u"reason" && column != u"rule")
        return QString();
    return words.value(value);
}

QString displayValue(const QString &column, const QString &value, const QString &currency,
                     const QTimeZone &zone)
{
    if (value.isNull())
        return QString();
    if (const QString words = codeWords(column, value); !words.isEmpty())
        return words;
    if (isMoneyColumn(column)) {
        if (const QString money = moneyText(value, currency); !money.isEmpty())
            return money;
        if (const QString list = moneyListText(value); !list.isEmpty())
            return list;
        return value;
    }
    if (const QString time = displayTime(value, zone); !time.isNull())
        return time;
    if (const QString key = jsonKeyText(value); !key.isNull())
        return key;
    return value;
}

QTimeZone displayZone()
{
    return chosenZone();
}

void setDisplayZone(const QByteArray &ianaId)
{
    const QTimeZone zone(ianaId);
    chosenZone() = !ianaId.isEmpty() && zone.isValid() ? zone : QTimeZone::systemTimeZone();
}

void loadDisplayZone(QSettings &settings)
{
    setDisplayZone(settings.value(QLatin1String(kTimeZoneSetting)).toByteArray());
}

} // namespace payops::items
