#pragma once

#include <QDateTime>
#include <QString>
#include <QVector>

namespace payops {

// One backup of a billing database, as a connection profile names it: a
// database on some server (a restored copy, a standby snapshot, a
// point-in-time restore) or a pg_dump archive, with the time it was taken
// when the operator knows it.
struct BackupSource
{
    QString name;      // "nightly 2026-04-10"
    QString location;  // postgresql:// URI of a database, or the path of a pg_dump archive
    QDateTime takenAt; // invalid: read from the archive, or bounded by its newest record

    bool isArchive() const;
    // Key under which the keychain stores the password of this backup of
    // the profile `profileName` (the location is saved without it).
    QString secretKey(const QString &profileName) const;
    // Empty when usable, else the problem in words.
    QString validationError() const;

    // A backup given on the command line or typed: a URI or a file path,
    // named after itself (a URI without its password; the location keeps it).
    static BackupSource fromLocation(const QString &location);
    // Operator-entered time: ISO 8601 ("2026-04-10T00:00Z", "2026-04-10
    // 00:00:00+02") or a date-time in UTC ("2026-04-10 00:00"). Invalid
    // when it is neither.
    static QDateTime parseTime(const QString &text);
};

// The backup called `nameOrLocation` among `known` (by name), else one
// made from it as a location; one with an empty location when
// the text is neither a known name, a URI, nor an existing file.
BackupSource resolveBackup(const QVector<BackupSource> &known, const QString &nameOrLocation);

} // namespace payops
