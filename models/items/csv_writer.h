#pragma once

#include <QIODevice>
#include <QStringList>

namespace payops {

// RFC 4180 CSV: fields with a comma, quote or line break are quoted. A field
// that a spreadsheet would run as a formula (=, +, -, @ first) gets a
// leading apostrophe, since exports go to support staff's spreadsheets.
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice &device)
        : m_device(device)
    {
    }
    void writeRow(const QStringList &fields);
    static QString escapeField(const QString &field);

private:
    QIODevice &m_device;
};

} // namespace payops
