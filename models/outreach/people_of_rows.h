#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::outreach {

struct RosterPerson;

// The accounts in the user_id column of a read-only query's rows (a
// finding's rows or affected users, a restore's accounts), each with what
// the incident did to them: `incident` in words, the rows' amount_minor per
// currency when they have those columns, and how many rows. Keyed by
// account, ready for withContacts. Reads only.
QMap<QString, QJsonObject> peopleOfRows(db::Session &session, const QString &rowsSql,
                                        const QString &incident);

// How many people's contact details came from a backup, and how many have
// none because the live data no longer holds their account and no backup
// did (withContacts marks both in their impact).
struct ContactsCount
{
    int fromBackup = 0;
    int without = 0;
};
ContactsCount countContacts(const QVector<RosterPerson> &people);

} // namespace payops::outreach
