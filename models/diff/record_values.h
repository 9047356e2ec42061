#pragma once

#include "diff/user_diff.h"

#include <QJsonValue>

namespace payops::diff {

// How a compared record reads wherever it is shown (the per-user view,
// its exports, the command line, the population's findings).

// deleted, created, new, changed or same.
QString changeName(const UserRecord &record);

// One changed field of a changed record: its value in the backup and live.
struct FieldChange
{
    QString column;
    QJsonValue backup;
    QJsonValue live;
};
QVector<FieldChange> fieldChanges(const UserRecord &record);

// A JSON value as it reads in the view: 29, "closed", null.
QString jsonValueText(const QJsonValue &value);

} // namespace payops::diff
