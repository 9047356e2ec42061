#include "pgtools/sandbox_cluster.h"

#include "core/user_error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QUuid>

#include <cerrno>
#include <signal.h>
#include <unistd.h>

namespace payops::pgtools {

namespace {

// Small and disposable: it holds one restored archive at a time.
const QString kServerOptions = QStringLiteral(
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB "
    "-c max_wal_size=2GB -c maintenance_work_mem=256MB");

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno != ESRCH);
}

} // namespace

QString SandboxCluster::defaultDir()
{
    const QString fromEnvironment = qEnvironmentVariable("PAYOPS_SANDBOX_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral("/tmp/payops-sandbox-%1").arg(::getuid());
}

SandboxCluster::SandboxCluster(const QString &dir)
    : m_cluster(dir, QStringLiteral("the console's restore sandbox"))
{
}

QString SandboxCluster::leaseDir() const
{
    // Beside the cluster's directory, which belongs to the postgres user
    // when run as root.
    return m_cluster.stateDir() + QStringLiteral(".leases");
}

std::unique_ptr<SandboxCluster::Lease> SandboxCluster::lease(const ThrowawayCluster::Log &log) const
{
    QDir().mkpath(leaseDir());
    QLockFile lock(leaseDir() + QStringLiteral("/.lock"));
    if (!lock.tryLock(5 * 60 * 1000))
        throw UserError(
            QStringLiteral("Another payops process holds %1's lock.").arg(m_cluster.name()),
            QStringLiteral("Wait for it, or remove %1/.lock if no payops runs.").arg(leaseDir()));
    const QString file = leaseDir() + QStringLiteral("/%1-%2")
                                          .arg(QCoreApplication::applicationPid())
                                          .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    QFile mark(file);
    if (!mark.open(QIODevice::WriteOnly))
        throw UserError(QStringLiteral("Could not write %1.").arg(file),
                        QStringLiteral("Check the permissions of %1.").arg(leaseDir()));
    mark.close();
    try {
        m_cluster.start(kServerOptions, log);
    } catch (...) {
        QFile::remove(file);
        throw;
    }
    return std::unique_ptr<Lease>(new Lease(m_cluster, leaseDir(), file));
}

SandboxCluster::Lease::Lease(const ThrowawayCluster &cluster, const QString &leaseDir,
                             const QString &file)
    : m_cluster(cluster)
    , m_leaseDir(leaseDir)
    , m_file(file)
{
}

SandboxCluster::Lease::~Lease()
{
    QLockFile lock(m_leaseDir + QStringLiteral("/.lock"));
    lock.tryLock(60 * 1000);
    QFile::remove(m_file);
    // Leases of processes that died (a kill, a crash) hold nothing.
    bool othersAlive = false;
    for (const QString &other : QDir(m_leaseDir).entryList(QDir::Files)) {
        if (processAlive(other.section(QLatin1Char('-'), 0, 0).toLongLong()))
            othersAlive = true;
        else
            QFile::remove(m_leaseDir + QLatin1Char('/') + other);
    }
    if (othersAlive)
        return;
    try {
        m_cluster.stop();
    } catch (const UserError &) {
        // A server that will not stop is found running by the next lease.
    }
}

} // namespace payops::pgtools
