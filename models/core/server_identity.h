#pragma once

#include "core/environment.h"

#include <QDateTime>
#include <QString>

namespace payops {

// What the connected server says it is. Batches are bound to this identity,
// and the banner shows it, so the operator always knows where they are. A
// plain value in core: the GUI shows it without knowing how it was read.
struct ServerIdentity
{
    QString systemIdentifier; // pg_control_system(); empty when the role may not read it
    QString database;
    QString serverVersion;
    QString sessionRole;
    bool isStandby = false;
    bool readOnlySession = true;
    QString environmentMarker; // the database's own payops.environment setting, if any
    QString address;           // the host (or socket directory) and port libpq chose
    QString installationId;    // payops.installation's id; empty without the payops schema
    QDateTime serverNow;       // the server's clock when this was read
    // A standby's replay: the last transaction replayed (null before the
    // first) and the WAL positions received and replayed.
    QDateTime lastReplayedAt;
    QString receiveLsn;
    QString replayLsn;
    QString currentLsn; // a primary's WAL position

    // The same database: the clusters' system identifiers, else the payops
    // installations, agree (a physical replica shares both).
    bool sameDatabaseAs(const ServerIdentity &other) const;

    // The profile's label unless the database carries a marker that
    // contradicts it; then the marker wins and mismatch() says why.
    QString effectiveEnvironment(const QString &profileLabel) const;
    // Non-empty when the profile and the database disagree about the environment.
    QString mismatch(const QString &profileLabel) const;
};

} // namespace payops

#include <QMetaType>
Q_DECLARE_METATYPE(payops::ServerIdentity)
