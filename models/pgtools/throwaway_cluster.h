#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace payops::pgtools {

// A PostgreSQL cluster of the console's own in a directory it owns: made
// with initdb (as the postgres system user when run as root, since initdb
// refuses root), listening only on a unix socket in that directory, so it
// never collides with another server and only this OS user can reach it.
// The superuser payops_admin logs in over that socket without a password;
// every other role needs its password. The demo and the restore sandbox
// are two such clusters, in two directories.
class ThrowawayCluster
{
public:
    using Log = std::function<void(const QString &)>;

    // stateDir: cluster, socket and log live here (the path must stay short:
    // socket paths are limited). name: how messages call it ("the demo").
    ThrowawayCluster(const QString &stateDir, const QString &name);

    QString stateDir() const { return m_stateDir; }
    QString name() const { return m_name; }
    bool isInitialised() const;
    bool isRunning() const;
    // Creates the cluster when missing and starts it when stopped.
    void start(const QString &serverOptions, const Log &log) const;
    void stop() const;
    // Stops it and deletes its directory.
    void remove() const;

    static QString adminRole() { return QStringLiteral("payops_admin"); }
    QString adminUri(const QString &database) const;
    // URI of a database on the socket as "user" or "user:password".
    QString socketUri(const QString &userInfo, const QString &database) const;
    // Hands a file or directory to the cluster's OS user (when root).
    void giveToClusterOwner(const QString &path) const;
    // Where the server writes its log.
    QString logPath() const { return m_stateDir + QStringLiteral("/server.log"); }

private:
    QString dataDir() const { return m_stateDir + QStringLiteral("/data"); }
    QString asClusterOwner(const QString &program, QStringList &arguments) const;
    void initialise(const Log &log) const;

    QString m_stateDir;
    QString m_name;
};

} // namespace payops::pgtools
