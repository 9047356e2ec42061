#pragma once

#include "core/backup_source.h"
#include "diff/backup_check.h"
#include "pgtools/sandbox_server.h"

#include <atomic>
#include <functional>
#include <memory>

namespace payops::db {
class Session;
}
namespace payops::pgtools {
class ArchiveSandbox;
}

namespace payops::diff {

// How a backup is opened for a comparison.
struct BackupOpenOptions
{
    pgtools::SandboxServer sandboxServer;            // where an archive is restored
    std::function<void(const QString &)> restoreLog; // pg_restore's lines, as they come
    std::function<void(double)> restoreProgress;     // 0..1 as the archive's data loads
    const std::atomic_bool *cancel = nullptr;        // set from any thread: stops the restore
    // The password of a backup database (from the keychain: its location
    // is saved without it); empty: the location's own, or PGPASSWORD /
    // ~/.pgpass. An archive's sandbox has a password of its own.
    QString password;
};

// One backup, ready to be compared with live (backup_comparison.h): a
// pg_dump archive restored into a sandbox database of its own (dropped
// with this object, whatever happens), the session on it, and the time it
// was taken as far as it is known before the checks: entered (the
// backup's takenAt), else the archive's own header. The console's
// comparison (runBackupDiff) and payops diff, whole or --user, open a
// backup this way.
class OpenedBackup
{
public:
    // Restores an archive (a database backup is not touched yet). Throws
    // UserError when the archive is refused, or its restore fails or is
    // cancelled; nothing is left behind then.
    OpenedBackup(const BackupSource &backup, const BackupOpenOptions &options);
    ~OpenedBackup();
    OpenedBackup(const OpenedBackup &) = delete;
    OpenedBackup &operator=(const OpenedBackup &) = delete;

    // Connects to the backup, read-only; call once. A restored archive is
    // read as its sandbox's own role, whose rights end at that database:
    // whatever the archive holds runs with no more. Apart from the
    // restore so that a caller can connect to live in between: after a
    // long restore, not before it (payops diff does).
    db::Session &connect(const QString &applicationName);
    // The session connect() opened.
    db::Session &session() const;

    const BackupSource &backup() const { return m_backup; }
    // Entered, else the archive's header; unknown (not isKnown()) when
    // neither says, and the checks bound it by the backup's newest record.
    const BackupTime &givenTime() const { return m_given; }

private:
    BackupSource m_backup;
    QString m_password;
    BackupTime m_given;
    std::unique_ptr<pgtools::ArchiveSandbox> m_sandbox;
    std::unique_ptr<db::Session> m_session; // after m_sandbox: closed before the sandbox is dropped
};

} // namespace payops::diff
