#include "items/csv_writer.h"

namespace payops {

QString CsvWriter::escapeField(const QString &field)
{
    QString value = field;
    static const QString formulaStarts = QStringLiteral("=+-@");
    bool numeric = false;
    value.toDouble(&numeric);
    if (!value.isEmpty() && formulaStarts.contains(value.front()) && !numeric)
        value.prepend(QLatin1Char('\''));
    if (value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) ||
        value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'))) {
        value.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        value = QLatin1Char('"') + value + QLatin1Char('"');
    }
    return value;
}

void CsvWriter::writeRow(const QStringList &fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString &field : fields)
        escaped << escapeField(field);
    m_device.write((escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8());
}

} // namespace payops
