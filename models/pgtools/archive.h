#pragma once

#include <QDateTime>
#include <QString>

namespace payops::pgtools {

// What a pg_dump archive says about itself.
struct ArchiveInfo
{
    QString format;      // custom, directory or tar
    QString database;    // the database it was dumped from, when it says
    QDateTime createdAt; // when pg_dump ran, when it says
    int dataItems = 0;   // tables whose data it holds (for progress)
};

// Reads an archive's header and table of contents with pg_restore --list;
// throws UserError when the file is missing, not an archive, damaged (a
// truncated file fails here, before anything is restored), or a plain SQL
// script: those are never run, since psql would obey the meta-commands a
// script may hold (\! runs a shell command, \c switches database).
ArchiveInfo inspectArchive(const QString &path);

} // namespace payops::pgtools
