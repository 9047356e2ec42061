#pragma once

#include <QStringList>
#include <QVector>

namespace payops::test {

// Reads RFC 4180 CSV back as a spreadsheet would: quoted fields may hold
// commas, doubled quotes and line breaks; records end with CRLF. Written
// apart from the exporter so that tests check it rather than repeat it.
QVector<QStringList> readCsv(const QString &text);

} // namespace payops::test
