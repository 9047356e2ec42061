#include "schema/sql_text.h"

#include "core/user_error.h"

#include <QRegularExpression>

namespace payops::schema {

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

QString renderSql(const QString &sqlTemplate, const QHash<QString, QString> &fragments)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z_]+)\\}"));
    QString out;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(sqlTemplate);
    while (it.hasNext()) {
        const auto match = it.next();
        const QString name = match.captured(1);
        if (!fragments.contains(name))
            throw std::logic_error("detector SQL placeholder {" + name.toStdString() +
                                   "} has no value");
        out += QStringView(sqlTemplate).mid(last, match.capturedStart() - last);
        out += fragments.value(name);
        last = match.capturedEnd();
    }
    out += QStringView(sqlTemplate).mid(last);
    return out;
}

} // namespace payops::schema

namespace payops::schema {

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

} // namespace payops::schema

namespace payops::schema {

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

QString untilLiteral(const QDateTime &time)
{
    return time.isValid() ? timeLiteral(time) : QStringLiteral("timestamptz 'infinity'");
}

QString timeLiteral(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("timestamptz '-infinity'");
    return QStringLiteral("timestamptz '") +
           time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral("+00'");
}

} // namespace payops::schema
