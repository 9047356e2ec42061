#pragma once

#include <QMetaType>
#include <QString>
#include <QVector>

namespace payops::db {
class Session;
}

namespace payops::outreach {

// A case that has people on its roster, as the console's case picker
// shows it.
struct RosterCase
{
    qint64 id = 0;
    QString title;
    int people = 0;
    int notContacted = 0;
};

// The cases with a roster, newest first. Reads only.
QVector<RosterCase> rosterCases(db::Session &session);

// Whether the signed-in person holds payops_support, the role that records
// outreach (an operator who is also support does; the console's strongest
// role would say "operator").
bool mayRecordOutreach(db::Session &session);

} // namespace payops::outreach

Q_DECLARE_METATYPE(payops::outreach::RosterCase)
Q_DECLARE_METATYPE(QVector<payops::outreach::RosterCase>)
