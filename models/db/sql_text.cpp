#include "db/sql_text.h"

#include "core/user_error.h"

#include <QRegularExpression>

#include <stdexcept>

namespace payops::db {

QString quoteIdent(const QString &name)
{
    if (name.isEmpty())
        throw UserError(QStringLiteral("An empty table or column name."),
                        QStringLiteral("Give every table and column a name in the profile."));
    if (name.contains(QChar(0)) || name.toUtf8().size() > 63)
        throw UserError(
            QStringLiteral("\"%1\" cannot be a PostgreSQL name (NUL or over 63 bytes).")
                .arg(name.left(80)),
            QStringLiteral("Use the table or column name exactly as the database has it."));
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString qualifiedTable(const QString &schema, const QString &table)
{
    return quoteIdent(schema) + QLatin1Char('.') + quoteIdent(table);
}

QString sqlLiteral(const QString &value)
{
    if (value.contains(QChar(0)))
        throw UserError(QStringLiteral("A value holds a NUL character."),
                        QStringLiteral("Remove it from the profile."));
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString sqlLiteralList(const QStringList &values)
{
    if (values.isEmpty())
        throw std::logic_error("an empty SQL value list");
    QStringList out;
    for (const QString &value : values)
        out << sqlLiteral(value);
    return out.join(QStringLiteral(", "));
}

QString timeLiteral(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("timestamptz '-infinity'");
    return QStringLiteral("timestamptz '") +
           time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral("+00'");
}

QString untilLiteral(const QDateTime &time)
{
    return time.isValid() ? timeLiteral(time) : QStringLiteral("timestamptz 'infinity'");
}

QString textArrayLiteral(const QStringList &values)
{
    QStringList quoted;
    for (QString value : values) {
        value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        value.replace(QLatin1Char('"'), QStringLiteral("\\\""));
        quoted << QLatin1Char('"') + value + QLatin1Char('"');
    }
    return QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}');
}

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z_]+)\\}"));
    return placeholder;
}

} // namespace

QString renderSql(const QString &sqlTemplate, const QHash<QString, QString> &fragments)
{
    QString out;
    qsizetype last = 0;
    auto it = placeholderPattern().globalMatch(sqlTemplate);
    while (it.hasNext()) {
        const auto match = it.next();
        const QString name = match.captured(1);
        if (!fragments.contains(name))
            throw std::logic_error("SQL placeholder {" + name.toStdString() + "} has no value");
        out += QStringView(sqlTemplate).mid(last, match.capturedStart() - last);
        out += fragments.value(name);
        last = match.capturedEnd();
    }
    out += QStringView(sqlTemplate).mid(last);
    return out;
}

QStringList sqlPlaceholders(const QString &sqlTemplate)
{
    QStringList names;
    auto it = placeholderPattern().globalMatch(sqlTemplate);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names << name;
    }
    return names;
}

} // namespace payops::db
