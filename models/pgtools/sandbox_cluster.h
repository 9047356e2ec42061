#pragma once

#include "pgtools/throwaway_cluster.h"

#include <memory>

namespace payops::pgtools {

// The console's own restore sandbox: a throwaway cluster, apart from the
// demo's, that runs only while some process on this machine holds a lease
// on it, so nothing is left running once the last restore is dropped.
class SandboxCluster
{
public:
    // $PAYOPS_SANDBOX_DIR, else /tmp/payops-sandbox-<uid>.
    static QString defaultDir();
    explicit SandboxCluster(const QString &dir = defaultDir());

    // Held while a sandbox lives on the cluster; the last lease to go stops it.
    class Lease
    {
    public:
        ~Lease();
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;

    private:
        friend class SandboxCluster;
        Lease(const ThrowawayCluster &cluster, const QString &leaseDir, const QString &file);
        ThrowawayCluster m_cluster;
        QString m_leaseDir;
        QString m_file;
    };
    // Starts the cluster when needed (creating it the first time).
    std::unique_ptr<Lease> lease(const ThrowawayCluster::Log &log) const;

    const ThrowawayCluster &cluster() const { return m_cluster; }

private:
    QString leaseDir() const;

    ThrowawayCluster m_cluster;
};

} // namespace payops::pgtools
