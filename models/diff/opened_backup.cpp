#include "diff/opened_backup.h"

#include "core/connection_profile.h"
#include "db/session.h"
#include "pgtools/archive_sandbox.h"

#include <stdexcept>

namespace payops::diff {

OpenedBackup::OpenedBackup(const BackupSource &backup, const BackupOpenOptions &options)
    : m_backup(backup)
    , m_password(options.password)
    , m_given{backup.takenAt, BackupTime::Source::Entered}
{
    if (!backup.isArchive())
        return;
    m_sandbox = std::make_unique<pgtools::ArchiveSandbox>(backup.location, options.sandboxServer,
                                                          options.restoreLog,
                                                          options.restoreProgress, options.cancel);
    if (!m_given.isKnown() && m_sandbox->info().createdAt.isValid())
        m_given = {m_sandbox->info().createdAt, BackupTime::Source::Archive};
}

OpenedBackup::~OpenedBackup() = default;

db::Session &OpenedBackup::connect(const QString &applicationName)
{
    if (m_session)
        throw std::logic_error("OpenedBackup::connect() called twice");
    m_session = std::make_unique<db::Session>(
        ConnectionProfile::fromUri(m_sandbox ? m_sandbox->uri() : m_backup.location),
        m_sandbox ? m_sandbox->password() : m_password, db::SessionOptions(), applicationName);
    return *m_session;
}

db::Session &OpenedBackup::session() const
{
    if (!m_session)
        throw std::logic_error("OpenedBackup::session() before connect()");
    return *m_session;
}

} // namespace payops::diff
