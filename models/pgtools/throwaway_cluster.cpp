#include "pgtools/throwaway_cluster.h"

#include "core/user_error.h"
#include "pgtools/postgres_programs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace payops::pgtools {

namespace {

const int kPort = 5432; // a private socket directory: no other server can collide
const int kMinute = 60 * 1000;

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

} // namespace

ThrowawayCluster::ThrowawayCluster(const QString &stateDir, const QString &name)
    : m_stateDir(QDir::cleanPath(stateDir))
    , m_name(name)
{
    // libpq's socket path limit is 107 bytes, including "/.s.PGSQL.5432".
    if (QFile::encodeName(m_stateDir).size() > 90)
        throw UserError(
            QStringLiteral("The directory %1 of %2 is too long a path for a PostgreSQL socket.")
                .arg(m_stateDir, m_name),
            QStringLiteral("Choose a shorter one, such as /tmp/payops-demo."));
}

void ThrowawayCluster::giveToClusterOwner(const QString &path) const
{
    if (!runningAsRoot())
        return;
    const passwd *pw = ::getpwnam("postgres");
    if (!pw)
        throw UserError(QStringLiteral("Running as root, but there is no postgres system user to "
                                       "own %1 (initdb refuses to run as root).")
                            .arg(m_name),
                        QStringLiteral("Install the postgresql package, or run as a normal user."));
    if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
        throw UserError(QStringLiteral("Could not hand %1 to the postgres user.").arg(path),
                        QStringLiteral("Check the directory's permissions."));
}

QString ThrowawayCluster::asClusterOwner(const QString &program, QStringList &arguments) const
{
    if (!runningAsRoot())
        return program;
    arguments = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                            program} +
                arguments;
    return QStringLiteral("runuser");
}

bool ThrowawayCluster::isInitialised() const
{
    return QFileInfo::exists(dataDir() + QStringLiteral("/PG_VERSION"));
}

bool ThrowawayCluster::isRunning() const
{
    if (!isInitialised())
        return false;
    QStringList args{QStringLiteral("status"), QStringLiteral("-D"), dataDir()};
    const QString program = asClusterOwner(postgresProgram(QStringLiteral("pg_ctl")), args);
    return runProcess(program, args, kMinute, false).exitCode == 0;
}

void ThrowawayCluster::initialise(const Log &log) const
{
    log(QStringLiteral("Creating %1, a throwaway PostgreSQL cluster in %2")
            .arg(m_name, m_stateDir));
    QDir().mkpath(m_stateDir);
    ::chmod(QFile::encodeName(m_stateDir).constData(), 0700);
    giveToClusterOwner(m_stateDir);
    QStringList args{QStringLiteral("-D"),
                     dataDir(),
                     QStringLiteral("-U"),
                     adminRole(),
                     QStringLiteral("--auth-local=trust"),
                     QStringLiteral("--auth-host=reject"),
                     QStringLiteral("--encoding=UTF8"),
                     QStringLiteral("--locale=C")};
    const QString program = asClusterOwner(postgresProgram(QStringLiteral("initdb")), args);
    runProcess(program, args, 3 * kMinute, true, {},
               QStringLiteral("the directory %1").arg(m_stateDir));

    // The superuser logs in without a password over the private socket
    // (only this OS user can reach it); every other role needs its own.
    QFile hba(dataDir() + QStringLiteral("/pg_hba.conf"));
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw UserError(QStringLiteral("Could not write %1.").arg(hba.fileName()),
                        QStringLiteral("Check the directory's permissions."));
    hba.write(QStringLiteral("# %1: unix socket only\n"
                             "local all %2 trust\n"
                             "local all all scram-sha-256\n")
                  .arg(m_name, adminRole())
                  .toUtf8());
    hba.close();
    giveToClusterOwner(hba.fileName());
}

void ThrowawayCluster::start(const QString &serverOptions, const Log &log) const
{
    if (!isInitialised())
        initialise(log);
    if (isRunning())
        return;
    log(QStringLiteral("Starting %1").arg(m_name));
    const QString options = QStringLiteral("-c listen_addresses= -k %1 -p %2 %3")
                                .arg(m_stateDir)
                                .arg(kPort)
                                .arg(serverOptions);
    QStringList args{QStringLiteral("start"),
                     QStringLiteral("-D"),
                     dataDir(),
                     QStringLiteral("-w"),
                     QStringLiteral("-t"),
                     QStringLiteral("60"),
                     QStringLiteral("-l"),
                     logPath(),
                     QStringLiteral("-o"),
                     options};
    const QString program = asClusterOwner(postgresProgram(QStringLiteral("pg_ctl")), args);
    runProcess(program, args, 2 * kMinute, true, {},
               QStringLiteral("the server log %1").arg(logPath()));
}

void ThrowawayCluster::stop() const
{
    if (!isRunning())
        return;
    QStringList args{QStringLiteral("stop"), QStringLiteral("-D"),   dataDir(),
                     QStringLiteral("-m"),   QStringLiteral("fast"), QStringLiteral("-w"),
                     QStringLiteral("-t"),   QStringLiteral("60")};
    const QString program = asClusterOwner(postgresProgram(QStringLiteral("pg_ctl")), args);
    runProcess(program, args, 2 * kMinute, true, {},
               QStringLiteral("the server log %1").arg(logPath()));
}

void ThrowawayCluster::remove() const
{
    stop();
    QDir(m_stateDir).removeRecursively();
}

QString ThrowawayCluster::socketUri(const QString &userInfo, const QString &database) const
{
    // Concatenated, not .arg(): the encoded path holds "%2F", which a second
    // arg() call would take for a placeholder.
    return QStringLiteral("postgresql://") + userInfo + QStringLiteral("@/") + database +
           QStringLiteral("?host=") + QString::fromLatin1(QUrl::toPercentEncoding(m_stateDir)) +
           QStringLiteral("&port=") + QString::number(kPort);
}

QString ThrowawayCluster::adminUri(const QString &database) const
{
    return socketUri(adminRole(), database);
}

} // namespace payops::pgtools
