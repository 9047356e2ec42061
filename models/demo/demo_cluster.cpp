#include "demo/demo_cluster.h"

#include "core/connection_profile.h"
#include "core/user_error.h"
#include "db/session.h"
#include "demo/process_runner.h"
#include "ops/migrator.h"
#include "ops/role_grants.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QUrl>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace payops::demo {

namespace {

const int kPort = 5432; // private socket directory: no other server can collide
const QString kAdmin = QStringLiteral("payops_admin");
const QString kReadyFile = QStringLiteral("demo-ready");
const int kMinute = 60 * 1000;

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(QStringLiteral("The demo script %1 is missing from this build.").arg(path),
                        QStringLiteral("Rebuild the console."));
    return QString::fromUtf8(file.readAll());
}

void chownToPostgres(const QString &path)
{
    const passwd *pw = ::getpwnam("postgres");
    if (!pw)
        throw UserError(QStringLiteral("Running as root, but there is no postgres system user to "
                                       "own the demo cluster (initdb refuses to run as root)."),
                        QStringLiteral("Install the postgresql package, or run as a normal user."));
    if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
        throw UserError(QStringLiteral("Could not hand %1 to the postgres user.").arg(path),
                        QStringLiteral("Check the directory's permissions."));
}

const QStringList kScripts = {"schema.sql",    "history.sql", "after_backup.sql",
                              "incidents.sql", "finish.sql",  "roles.sql"};

// What a built demo is: its scale and the exact scripts that made it. A
// demo built by other scripts (an older build) is rebuilt, not reused.
QByteArray buildStamp(double scale)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &script : kScripts)
        hash.addData(readResource(QStringLiteral(":/demo/") + script).toUtf8());
    for (const ops::Migration &migration : ops::Migrator::available())
        hash.addData(readResource(migration.resource).toUtf8());
    return QByteArray::number(scale) + ' ' + hash.result().toHex() + '\n';
}

} // namespace

DemoCluster::DemoCluster(const QString &stateDir)
    : m_stateDir(QDir::cleanPath(stateDir))
{
    // libpq's socket path limit is 107 bytes, including "/.s.PGSQL.5432".
    if (QFile::encodeName(m_stateDir).size() > 90)
        throw UserError(
            QStringLiteral("The demo directory path %1 is too long for a PostgreSQL "
                           "socket.")
                .arg(m_stateDir),
            QStringLiteral("Set PAYOPS_DEMO_DIR to a shorter path, like /tmp/payops-demo."));
}

QString DemoCluster::defaultStateDir()
{
    const QString fromEnvironment = qEnvironmentVariable("PAYOPS_DEMO_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral("/tmp/payops-demo-%1").arg(::getuid());
}

QString DemoCluster::dataDir() const
{
    return m_stateDir + QStringLiteral("/data");
}

QString DemoCluster::dumpPath() const
{
    return m_stateDir + QStringLiteral("/billing_backup.dump");
}

QString DemoCluster::binary(const QString &tool) const
{
    // Debian keeps server binaries per major version; take the newest.
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &version : versions) {
        const QString path = root.filePath(version + QStringLiteral("/bin/") + tool);
        if (QFileInfo(path).isExecutable())
            return path;
    }
    throw UserError(
        QStringLiteral("The PostgreSQL tool %1 was not found under /usr/lib/postgresql.").arg(tool),
        QStringLiteral("Install the postgresql package (installer/install-deps.sh)."));
}

QStringList DemoCluster::asClusterOwner(const QString &program, const QStringList &arguments,
                                        QString &programOut) const
{
    if (!runningAsRoot()) {
        programOut = program;
        return arguments;
    }
    programOut = QStringLiteral("runuser");
    return QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                       program} +
           arguments;
}

bool DemoCluster::isRunning() const
{
    if (!QFileInfo::exists(dataDir() + QStringLiteral("/PG_VERSION")))
        return false;
    QString program;
    const QStringList args =
        asClusterOwner(binary(QStringLiteral("pg_ctl")),
                       {QStringLiteral("status"), QStringLiteral("-D"), dataDir()}, program);
    return runProcess(program, args, kMinute, false).exitCode == 0;
}

bool DemoCluster::isBuilt() const
{
    return QFileInfo::exists(m_stateDir + QLatin1Char('/') + kReadyFile);
}

void DemoCluster::initCluster(const Log &log)
{
    log(QStringLiteral("Creating a throwaway PostgreSQL cluster in %1").arg(m_stateDir));
    QDir().mkpath(m_stateDir);
    ::chmod(QFile::encodeName(m_stateDir).constData(), 0700);
    if (runningAsRoot())
        chownToPostgres(m_stateDir);
    QString program;
    const QStringList args =
        asClusterOwner(binary(QStringLiteral("initdb")),
                       {QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), kAdmin,
                        QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=reject"),
                        QStringLiteral("--encoding=UTF8"), QStringLiteral("--locale=C")},
                       program);
    runProcess(program, args, 3 * kMinute);

    // The superuser logs in without a password over the private socket (only
    // this OS user can reach it); the demo people need their passwords, so
    // the console's password handling is exercised for real.
    QFile hba(dataDir() + QStringLiteral("/pg_hba.conf"));
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw UserError(QStringLiteral("Could not write %1.").arg(hba.fileName()),
                        QStringLiteral("Check the demo directory's permissions."));
    hba.write("# payops demo cluster: unix socket only\n"
              "local all payops_admin trust\n"
              "local all all scram-sha-256\n");
    hba.close();
    if (runningAsRoot())
        chownToPostgres(hba.fileName());
}

void DemoCluster::startServer(const Log &log)
{
    log(QStringLiteral("Starting the demo PostgreSQL server"));
    // Durability settings are off: this cluster is disposable and rebuilt at will.
    const QString options =
        QStringLiteral("-c listen_addresses= -k %1 -p %2 -c fsync=off -c synchronous_commit=off "
                       "-c full_page_writes=off -c shared_buffers=256MB -c max_wal_size=4GB "
                       "-c maintenance_work_mem=512MB -c work_mem=64MB")
            .arg(m_stateDir)
            .arg(kPort);
    QString program;
    const QStringList args = asClusterOwner(
        binary(QStringLiteral("pg_ctl")),
        {QStringLiteral("start"), QStringLiteral("-D"), dataDir(), QStringLiteral("-w"),
         QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-l"),
         m_stateDir + QStringLiteral("/server.log"), QStringLiteral("-o"), options},
        program);
    runProcess(program, args, 2 * kMinute);
}

static void runScripts(const QString &uri, double scale, const QStringList &scripts,
                       const DemoCluster::Log &log)
{
    db::SessionOptions options;
    options.readOnly = false;
    options.statementTimeoutMs = 30 * kMinute;
    options.purpose = QStringLiteral("demo set-up");
    db::Session session(ConnectionProfile::fromUri(uri), QString(), options);
    session.executeScript(QStringLiteral("SET payops_demo.scale = '%1'").arg(scale));
    for (const QString &script : scripts) {
        log(QStringLiteral("  running %1").arg(script));
        session.executeScript(readResource(QStringLiteral(":/demo/") + script));
    }
}

void DemoCluster::build(double scale, const Log &log)
{
    QFile::remove(m_stateDir + QLatin1Char('/') + kReadyFile);
    {
        db::SessionOptions options;
        options.readOnly = false;
        options.purpose = QStringLiteral("demo set-up");
        db::Session admin(ConnectionProfile::fromUri(adminUri(QStringLiteral("postgres"))),
                          QString(), options);
        // One statement per call: several in one string form an implicit
        // transaction, where CREATE/DROP DATABASE may not run.
        admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS billing WITH (FORCE)"));
        admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS billing_backup WITH (FORCE)"));
        admin.executeScript(QStringLiteral("CREATE DATABASE billing"));
    }
    log(QStringLiteral("Generating 120 days of billing history (scale %1)").arg(scale));
    runScripts(adminUri(QStringLiteral("billing")), scale,
               {QStringLiteral("schema.sql"), QStringLiteral("history.sql")}, log);

    log(QStringLiteral("Taking the backup with pg_dump and restoring it as billing_backup"));
    const QStringList connection = {QStringLiteral("-h"), m_stateDir,
                                    QStringLiteral("-p"), QString::number(kPort),
                                    QStringLiteral("-U"), kAdmin};
    runProcess(binary(QStringLiteral("pg_dump")),
               connection + QStringList{QStringLiteral("-Fc"), QStringLiteral("-N"),
                                        QStringLiteral("demo_gen"), QStringLiteral("-N"),
                                        QStringLiteral("demo_truth"), QStringLiteral("-f"),
                                        dumpPath(), QStringLiteral("billing")},
               20 * kMinute);
    {
        db::SessionOptions options;
        options.readOnly = false;
        db::Session admin(ConnectionProfile::fromUri(adminUri(QStringLiteral("postgres"))),
                          QString(), options);
        admin.executeScript(QStringLiteral("CREATE DATABASE billing_backup"));
    }
    runProcess(binary(QStringLiteral("pg_restore")),
               connection + QStringList{QStringLiteral("-d"), QStringLiteral("billing_backup"),
                                        QStringLiteral("-j"), QStringLiteral("2"), dumpPath()},
               20 * kMinute);

    log(QStringLiteral("Living on after the backup and injecting the five incidents"));
    runScripts(adminUri(QStringLiteral("billing")), scale,
               {QStringLiteral("after_backup.sql"), QStringLiteral("incidents.sql"),
                QStringLiteral("finish.sql"), QStringLiteral("roles.sql")},
               log);
    runScripts(adminUri(QStringLiteral("billing_backup")), scale, {QStringLiteral("roles.sql")},
               log);

    log(QStringLiteral("Installing the payops schema and the demo people's console roles"));
    {
        db::SessionOptions options;
        options.readOnly = false;
        options.purpose = QStringLiteral("demo set-up");
        db::Session billing(ConnectionProfile::fromUri(adminUri(QStringLiteral("billing"))),
                            QString(), options);
        ops::Migrator::migrate(billing, log);
        // The on-call engineer builds batches, support reads, finance approves.
        const QList<QPair<QString, QString>> people = {
            {QStringLiteral("operator"), QStringLiteral("oncall")},
            {QStringLiteral("viewer"), QStringLiteral("support")},
            {QStringLiteral("approver"), QStringLiteral("finance")}};
        for (const auto &[role, person] : people)
            for (const QString &statement : ops::grantStatements(role, person))
                billing.executeScript(statement);
    }

    QFile ready(m_stateDir + QLatin1Char('/') + kReadyFile);
    if (ready.open(QIODevice::WriteOnly))
        ready.write(buildStamp(scale));
}

void DemoCluster::start(double scale, const Log &log)
{
    QDir().mkpath(m_stateDir);
    // Two starts at once (a developer and a test run) must not build twice.
    QLockFile lock(QDir::tempPath() +
                   QStringLiteral("/payops-demo-%1.lock").arg(qHash(m_stateDir)));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(30 * kMinute))
        throw UserError(
            QStringLiteral("Another payops demo command holds the lock on %1.").arg(m_stateDir),
            QStringLiteral("Wait for it to finish, or remove the stale lock file."));
    if (!QFileInfo::exists(dataDir() + QStringLiteral("/PG_VERSION")))
        initCluster(log);
    if (!isRunning())
        startServer(log);
    QFile ready(m_stateDir + QLatin1Char('/') + kReadyFile);
    const bool upToDate = ready.open(QIODevice::ReadOnly) && ready.readAll() == buildStamp(scale);
    if (!upToDate)
        build(scale, log);
    else
        log(QStringLiteral("Reusing the demo in %1").arg(m_stateDir));
}

void DemoCluster::stop()
{
    if (!isRunning())
        return;
    QString program;
    const QStringList args = asClusterOwner(
        binary(QStringLiteral("pg_ctl")),
        {QStringLiteral("stop"), QStringLiteral("-D"), dataDir(), QStringLiteral("-m"),
         QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60")},
        program);
    runProcess(program, args, 2 * kMinute);
}

void DemoCluster::reset(double scale, const Log &log)
{
    stop();
    QDir(m_stateDir).removeRecursively();
    start(scale, log);
}

QString DemoCluster::socketUri(const QString &userInfo, const QString &database) const
{
    // Concatenated, not .arg(): the encoded path holds "%2F", which a second
    // arg() call would take for a placeholder.
    return QStringLiteral("postgresql://") + userInfo + QStringLiteral("@/") + database +
           QStringLiteral("?host=") + QString::fromLatin1(QUrl::toPercentEncoding(m_stateDir)) +
           QStringLiteral("&port=") + QString::number(kPort);
}

QString DemoCluster::liveUri() const
{
    return socketUri(QStringLiteral("oncall:oncall"), QStringLiteral("billing"));
}

QString DemoCluster::backupUri() const
{
    return socketUri(QStringLiteral("oncall:oncall"), QStringLiteral("billing_backup"));
}

QString DemoCluster::adminUri(const QString &database) const
{
    return socketUri(kAdmin, database);
}

QString DemoCluster::manifestJson() const
{
    if (!isBuilt() || !isRunning())
        throw UserError(
            QStringLiteral("The demo in %1 is not built or not running.").arg(m_stateDir),
            QStringLiteral("Run: payops demo start"));
    db::Session session(ConnectionProfile::fromUri(adminUri(QStringLiteral("billing"))), QString(),
                        db::SessionOptions());
    const ResultTable table = session.query(QStringLiteral("SELECT demo_truth.manifest()::text"));
    return table.rows.value(0).value(0);
}

QVector<BackupSource> DemoCluster::backups() const
{
    db::Session session(ConnectionProfile::fromUri(adminUri(QStringLiteral("billing"))), QString(),
                        db::SessionOptions());
    const QDateTime takenAt = BackupSource::parseTime(
        session
            .query(
                QStringLiteral("SELECT value FROM demo_truth.facts WHERE key = 'backup_taken_at'"))
            .rows.value(0)
            .value(0));
    return {{QStringLiteral("billing_backup"), backupUri(), takenAt},
            {QStringLiteral("billing_backup.dump"), dumpPath(), takenAt}};
}

} // namespace payops::demo
