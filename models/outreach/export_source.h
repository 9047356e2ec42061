#pragma once

#include "outreach/messages.h"
#include "outreach/roster.h"

#include <QStringList>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::outreach {

// What an export is made of: the case and the people chosen from its roster.
struct ExportSource
{
    CaseInfo info;
    QVector<RosterPerson> people;
};

// The case and its roster, narrowed to a status (empty: every status) and
// to some accounts (empty: everyone). Reads only. Throws UserError saying
// what to do when the case does not exist, its roster is empty, the status
// is not one, or nobody is left.
ExportSource loadExportSource(db::Session &session, qint64 caseId,
                              const QString &status = QString(),
                              const QStringList &accounts = QStringList());

// The case's number and title; throws UserError when there is no such case.
CaseInfo caseInfo(db::Session &session, qint64 caseId);

} // namespace payops::outreach
