#pragma once

#include "core/backup_source.h"
#include "demo/demo_provider.h"
#include "pgtools/throwaway_cluster.h"

#include <QString>

#include <functional>

namespace payops::demo {

// The demo: a throwaway PostgreSQL cluster (pgtools::ThrowawayCluster) with
// the billing database, its backup restored from a real pg_dump, and the
// five incidents injected after the backup.
class DemoCluster
{
public:
    using Log = std::function<void(const QString &)>;

    // stateDir: where the cluster, socket, log and dump live.
    explicit DemoCluster(const QString &stateDir = defaultStateDir());

    // $PAYOPS_DEMO_DIR, else /tmp/payops-demo-<uid> (short: socket paths are limited).
    static QString defaultStateDir();

    // Creates what is missing (cluster, databases) and starts the server.
    // A demo already built with the same scale is reused as is.
    void start(double scale, const Log &log);
    void stop();
    // Deletes the cluster and builds it again.
    void reset(double scale, const Log &log);
    bool isRunning() const;
    bool isBuilt() const; // all databases complete

    QString liveUri() const;
    QString backupUri() const;
    QString adminUri(const QString &database) const; // cluster superuser, for set-up and tests
    // URI of a database on the demo's socket as "user" or "user:password".
    QString socketUri(const QString &userInfo, const QString &database) const;
    QString dumpPath() const;
    // The demo's named backups: the billing_backup database and the
    // pg_dump archive it was restored from, both taken at the demo's
    // backup moment (read from its facts; needs the cluster running).
    QVector<BackupSource> backups() const;
    QString stateDir() const { return m_cluster.stateDir(); }
    // The ground truth of the injected incidents, as JSON text.
    QString manifestJson() const;

    // The demo's payment provider, started and stopped with the cluster.
    const DemoProvider &provider() const { return m_provider; }

private:
    void build(double scale, const Log &log);

    pgtools::ThrowawayCluster m_cluster;
    DemoProvider m_provider;
};

} // namespace payops::demo
