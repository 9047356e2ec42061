#include "demo/demo_cluster.h"

#include "core/connection_profile.h"
#include "core/user_error.h"
#include "db/session.h"
#include "exec/money_destinations.h"
#include "exec/money_sources.h"
#include "exec/write_targets.h"
#include "ops/batch_review.h"
#include "ops/migrator.h"
#include "ops/role_grants.h"
#include "pgtools/postgres_programs.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <unistd.h>

namespace payops::demo {

namespace {

const QString kReadyFile = QStringLiteral("demo-ready");
const QString kLeftAsItWas = QStringLiteral("the demo directory, which was left as it was");
const int kMinute = 60 * 1000;

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(QStringLiteral("The demo script %1 is missing from this build.").arg(path),
                        QStringLiteral("Rebuild the console."));
    return QString::fromUtf8(file.readAll());
}

const QStringList kScripts = {"schema.sql",    "history.sql", "after_backup.sql",
                              "incidents.sql", "finish.sql",  "roles.sql"};

// What a built demo is: its scale and the exact scripts that made it. A
// demo built by other scripts (an older build) is rebuilt, not reused.
QByteArray buildStamp(double scale)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // What build() does beyond its scripts; change it when build() changes.
    hash.addData("write targets, money sources and destinations (demo-acquirer, demo-psp at the "
                 "demo provider) registered; billing_drill copied from billing");
    for (const QString &script : kScripts)
        hash.addData(readResource(QStringLiteral(":/demo/") + script).toUtf8());
    for (const ops::Migration &migration : ops::Migrator::available())
        hash.addData(readResource(migration.resource).toUtf8());
    return QByteArray::number(scale) + ' ' + hash.result().toHex() + '\n';
}

} // namespace

DemoCluster::DemoCluster(const QString &stateDir)
    : m_cluster(stateDir, QStringLiteral("the demo"))
    , m_provider(stateDir)
{
}

QString DemoCluster::defaultStateDir()
{
    const QString fromEnvironment = qEnvironmentVariable("PAYOPS_DEMO_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral("/tmp/payops-demo-%1").arg(::getuid());
}

QString DemoCluster::dumpPath() const
{
    return stateDir() + QStringLiteral("/billing_backup.dump");
}

bool DemoCluster::isRunning() const
{
    return m_cluster.isRunning();
}

bool DemoCluster::isBuilt() const
{
    return QFileInfo::exists(stateDir() + QLatin1Char('/') + kReadyFile);
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
    QFile::remove(stateDir() + QLatin1Char('/') + kReadyFile);
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
        admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS billing_drill WITH (FORCE)"));
        admin.executeScript(QStringLiteral("CREATE DATABASE billing"));
    }
    log(QStringLiteral("Generating 120 days of billing history (scale %1)").arg(scale));
    runScripts(adminUri(QStringLiteral("billing")), scale,
               {QStringLiteral("schema.sql"), QStringLiteral("history.sql")}, log);

    log(QStringLiteral("Taking the backup with pg_dump and restoring it as billing_backup"));
    const QStringList connection = {QStringLiteral("-h"), stateDir(),
                                    QStringLiteral("-p"), QStringLiteral("5432"),
                                    QStringLiteral("-U"), pgtools::ThrowawayCluster::adminRole()};
    pgtools::runProcess(pgtools::postgresProgram(QStringLiteral("pg_dump")),
                        connection + QStringList{QStringLiteral("-Fc"), QStringLiteral("-N"),
                                                 QStringLiteral("demo_gen"), QStringLiteral("-N"),
                                                 QStringLiteral("demo_truth"), QStringLiteral("-f"),
                                                 dumpPath(), QStringLiteral("billing")},
                        20 * kMinute, true, {}, kLeftAsItWas);
    {
        db::SessionOptions options;
        options.readOnly = false;
        db::Session admin(ConnectionProfile::fromUri(adminUri(QStringLiteral("postgres"))),
                          QString(), options);
        admin.executeScript(QStringLiteral("CREATE DATABASE billing_backup"));
    }
    pgtools::runProcess(pgtools::postgresProgram(QStringLiteral("pg_restore")),
                        connection +
                            QStringList{QStringLiteral("-d"), QStringLiteral("billing_backup"),
                                        QStringLiteral("-j"), QStringLiteral("2"), dumpPath()},
                        20 * kMinute, true, {}, kLeftAsItWas);

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
        // The on-call engineer builds batches, support reads and records outreach,
        // finance approves, the watch keeps its alerts.
        const QList<QPair<QString, QString>> people = {
            {QStringLiteral("operator"), QStringLiteral("oncall")},
            {QStringLiteral("support"), QStringLiteral("support")},
            {QStringLiteral("approver"), QStringLiteral("finance")},
            {QStringLiteral("watcher"), QStringLiteral("watcher")}};
        for (const auto &[role, person] : people)
            for (const QString &statement : ops::grantStatements(role, person))
                billing.executeScript(statement);
        // The billing tables the demo's corrective batches may write, as a
        // database owner registers them once (payops allow-writes).
        exec::allowWrites(
            billing,
            {QStringLiteral("public.accounts"), QStringLiteral("public.service_accounts"),
             QStringLiteral("public.subscriptions"), QStringLiteral("public.orders"),
             QStringLiteral("public.invoices"), QStringLiteral("public.payments"),
             QStringLiteral("public.refunds"), QStringLiteral("public.support_conversations"),
             QStringLiteral("public.investor_balances"), QStringLiteral("public.balance_movements"),
             QStringLiteral("public.interest_payouts")});
        // What the demo's money batches may move, and against what.
        exec::allowMoney(billing, {QStringLiteral("refund"), QStringLiteral("public.payments"),
                                   QStringLiteral("amount_minor"), QStringLiteral("currency"),
                                   QStringLiteral("public.refunds"), QStringLiteral("payment_id"),
                                   QStringLiteral("amount_minor"), QString()});
        exec::allowMoney(billing, {QStringLiteral("reversal"), QStringLiteral("public.refunds"),
                                   QStringLiteral("amount_minor"), QStringLiteral("currency"),
                                   QString(), QString(), QString(), QString()});
        exec::allowMoney(billing,
                         {QStringLiteral("claw-back"), QStringLiteral("public.interest_payouts"),
                          QStringLiteral("amount_minor"), QStringLiteral("currency"), QString(),
                          QString(), QString(), QString()});
        const QString environment = ops::batchEnvironment(billing, QString());
        // Where the demo's refunds go: its own payment provider.
        exec::registerMoneyDestination(billing, {QStringLiteral("demo-psp"), QStringLiteral("http"),
                                                 m_provider.url().toString(), environment,
                                                 exec::credentialFingerprint(DemoProvider::key())});
        // Where the demo's reversals go: an acquirer that takes files.
        exec::registerMoneyDestination(billing,
                                       {QStringLiteral("demo-acquirer"), QStringLiteral("file"),
                                        QStringLiteral("demo-acquirer"), environment, QString()});
    }

    // A copy of the finished live database to rehearse repairs on: a
    // restore executed there leaves billing as the incidents left it.
    // Copying needs billing idle, which it is only now.
    log(QStringLiteral("Copying billing as billing_drill, for rehearsing repairs"));
    {
        db::SessionOptions options;
        options.readOnly = false;
        db::Session admin(ConnectionProfile::fromUri(adminUri(QStringLiteral("postgres"))),
                          QString(), options);
        admin.executeScript(QStringLiteral("CREATE DATABASE billing_drill TEMPLATE billing"));
    }

    QFile ready(stateDir() + QLatin1Char('/') + kReadyFile);
    if (ready.open(QIODevice::WriteOnly))
        ready.write(buildStamp(scale));
}

void DemoCluster::start(double scale, const Log &log)
{
    QDir().mkpath(stateDir());
    // Two starts at once (a developer and a test run) must not build twice.
    QLockFile lock(QDir::tempPath() +
                   QStringLiteral("/payops-demo-%1.lock").arg(qHash(stateDir())));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(30 * kMinute))
        throw UserError(
            QStringLiteral("Another payops demo command holds the lock on %1.").arg(stateDir()),
            QStringLiteral("Wait for it to finish, or remove the stale lock file."));
    // Durability settings are off: this cluster is disposable and rebuilt at will.
    m_cluster.start(QStringLiteral("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                                   "-c shared_buffers=256MB -c max_wal_size=4GB "
                                   "-c maintenance_work_mem=512MB -c work_mem=64MB"),
                    log);
    QFile ready(stateDir() + QLatin1Char('/') + kReadyFile);
    const bool upToDate = ready.open(QIODevice::ReadOnly) && ready.readAll() == buildStamp(scale);
    if (!upToDate)
        build(scale, log);
    else
        log(QStringLiteral("Reusing the demo in %1").arg(stateDir()));
    m_provider.start(log);
}

void DemoCluster::stop()
{
    m_provider.stop();
    m_cluster.stop();
}

void DemoCluster::reset(double scale, const Log &log)
{
    m_cluster.remove();
    start(scale, log);
}

QString DemoCluster::socketUri(const QString &userInfo, const QString &database) const
{
    return m_cluster.socketUri(userInfo, database);
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
    return m_cluster.adminUri(database);
}

QString DemoCluster::manifestJson() const
{
    if (!isBuilt() || !isRunning())
        throw UserError(
            QStringLiteral("The demo in %1 is not built or not running.").arg(stateDir()),
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
