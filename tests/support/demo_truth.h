#pragma once

#include <QHash>
#include <QMap>
#include <QSet>
#include <QStringList>

namespace payops::test {

// What the demo recorded after its backup, as the net change of each row:
// "table|kind|key" (kind: deleted, changed, new, created, as a diff
// classifies it) -> the changed columns, sorted (empty unless changed).
QHash<QString, QStringList> netChangesSinceBackup();

// The net changes that concern one user: their account, rows filed under
// them on either side, and the refunds of their payments. A row created
// after the backup and then moved off the user has no link left to them
// on either side: no diff can name it, and it is left out.
QHash<QString, QStringList> netChangesOfUser(const QHash<QString, QStringList> &netChanges,
                                             const QString &user);

// Each incident of the demo's manifest -> the first of its affected users.
QMap<QString, QString> firstUserOfEachIncident();

} // namespace payops::test
