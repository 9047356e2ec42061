#include "support/csv_read.h"

namespace payops::test {

QVector<QStringList> readCsv(const QString &text)
{
    QVector<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar ch = text[i];
        const bool next = i + 1 < text.size();
        if (quoted) {
            if (ch == u'"' && next && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (ch == u'"') {
                quoted = false;
            } else {
                field += ch;
            }
        } else if (ch == u'"') {
            quoted = true;
        } else if (ch == u',') {
            row << field;
            field.clear();
        } else if (ch == u'\r' && next && text[i + 1] == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += ch;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) // a last record without CRLF
        rows << (row << field);
    return rows;
}

} // namespace payops::test
