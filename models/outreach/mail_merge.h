#pragma once

#include "outreach/messages.h"
#include "outreach/roster.h"

#include <QByteArray>
#include <QVector>

namespace payops::outreach {

// One person of a mail merge and their message.
struct MergeRow
{
    RosterPerson person;
    RenderedMessage message;
};

// The mail-merge CSV (RFC 4180, UTF-8, CRLF, the project's CsvWriter: a
// field a spreadsheet would run as a formula gets a leading apostrophe):
// account, name, email, phone, status (in words), amount (formatted with
// its currency, "1,050.00 USD"), recoverable, subject, body; one row a
// person, in the order given.
QByteArray mailMergeCsv(const QVector<MergeRow> &rows);

} // namespace payops::outreach
