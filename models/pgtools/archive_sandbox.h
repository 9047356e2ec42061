#pragma once

#include "core/user_error.h"
#include "pgtools/archive.h"
#include "pgtools/sandbox_cluster.h"
#include "pgtools/sandbox_server.h"

#include <atomic>
#include <functional>
#include <memory>

namespace payops::pgtools {

// A pg_dump archive restored into a database of its own on the sandbox
// server, owned by a role made for it alone that can do nothing but own
// that database: whatever the archive holds runs with those rights and no
// more, both while pg_restore loads it and while the console reads it. The
// database and its role exist exactly as long as this object: a failed,
// cancelled or interrupted restore drops them before the error is thrown,
// and sandboxes left by a killed process on this machine are dropped by the
// next one.
class ArchiveSandbox
{
public:
    // progress: 0..1 as the tables' data is restored. cancel: set from any
    // thread (or a signal handler) to stop the restore.
    ArchiveSandbox(const QString &archivePath, const SandboxServer &server,
                   const std::function<void(const QString &)> &log = {},
                   const std::function<void(double)> &progress = {},
                   const std::atomic_bool *cancel = nullptr);
    ~ArchiveSandbox();
    ArchiveSandbox(const ArchiveSandbox &) = delete;
    ArchiveSandbox &operator=(const ArchiveSandbox &) = delete;

    // The restored database as its own role, without password; the password.
    QString uri() const { return m_uri; }
    QString password() const { return m_password; }
    QString databaseName() const { return m_database; }
    const ArchiveInfo &info() const { return m_info; }

private:
    void createDatabaseAndRole(const std::function<void(const QString &)> &say);
    void restore(const QString &archivePath, const std::function<void(double)> &progress,
                 const std::atomic_bool *cancel);
    UserError restoreFailure(const QString &archivePath, const QString &output) const;
    bool serverAnswers() const;
    void drop() noexcept;

    SandboxServer m_server;
    std::unique_ptr<SandboxCluster::Lease> m_lease; // the own cluster runs while held
    QString m_adminUri;                             // where the sandbox is created and dropped
    QString m_adminPassword;                        // of a configured server
    bool m_ownRole = false;                         // a role made for this sandbox, dropped with it
    QString m_database;
    QString m_role;
    QString m_uri;
    QString m_password;
    ArchiveInfo m_info;
};

// The same server URI as another user, on another database, without password.
QString uriFor(const QString &serverUri, const QString &user, const QString &database);

} // namespace payops::pgtools
