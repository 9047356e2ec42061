#pragma once

#include <QDateTime>
#include <QString>

#include <atomic>
#include <functional>

namespace payops::diff {

// What a pg_dump archive says about itself.
struct ArchiveInfo
{
    QString format;      // custom, directory, tar or plain
    QString database;    // the database it was dumped from, when it says
    QDateTime createdAt; // when pg_dump ran, when it says
    int dataItems = 0;   // tables whose data it holds (for progress); 0 for a plain script
};

// Reads an archive's header and table of contents with the real client
// tools; throws UserError when the file is missing, not an archive, or
// damaged (a truncated file fails here, before anything is restored).
ArchiveInfo inspectArchive(const QString &path);

// A pg_dump archive restored into a fresh database on a server the
// operator names (the account needs CREATEDB), with pg_restore or psql as
// subprocesses. The database exists exactly as long as this object: a
// failed restore drops it before the error is thrown, and the destructor
// drops it after use, so nothing half-restored is ever left behind.
class ArchiveSandbox
{
public:
    // serverUri: a postgresql:// URI of any database on the server.
    // progress: 0..1 as the tables' data is restored. cancel: set from any
    // thread to stop the restore; the sandbox is dropped and UserError
    // thrown.
    ArchiveSandbox(const QString &archivePath, const QString &serverUri,
                   const std::function<void(const QString &)> &log = {},
                   const std::function<void(double)> &progress = {},
                   const std::atomic_bool *cancel = nullptr);
    ~ArchiveSandbox();
    ArchiveSandbox(const ArchiveSandbox &) = delete;
    ArchiveSandbox &operator=(const ArchiveSandbox &) = delete;

    QString uri() const { return m_uri; } // the restored database
    QString databaseName() const { return m_database; }
    const ArchiveInfo &info() const { return m_info; }

private:
    void drop() noexcept;

    QString m_serverUri;
    QString m_database;
    QString m_uri;
    ArchiveInfo m_info;
};

// The same URI pointing at another database on the same server.
QString uriWithDatabase(const QString &uri, const QString &database);

} // namespace payops::diff
