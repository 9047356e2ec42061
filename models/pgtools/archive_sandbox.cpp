#include "pgtools/archive_sandbox.h"

#include "core/connection_profile.h"
#include "core/connection_secrets.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "pgtools/postgres_programs.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QUrl>

#include <cerrno>
#include <signal.h>

namespace payops::pgtools {

namespace {

constexpr int kRestoreTimeoutMs = 60 * 60 * 1000;
const QString kPrefix = QStringLiteral("payops_sandbox_");

// Sandbox names carry this machine and process, so that a later process can
// tell which ones a dead process of this machine left behind.
QString machineTag()
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QSysInfo::machineHostName().toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(8));
}

QString randomHex(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    for (char &c : data)
        c = char(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(data.toHex());
}

db::SessionOptions writable()
{
    db::SessionOptions options;
    options.readOnly = false;
    options.purpose = QStringLiteral("restore sandbox");
    return options;
}

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno != ESRCH);
}

} // namespace

QString uriFor(const QString &serverUri, const QString &user, const QString &database)
{
    QUrl url(serverUri, QUrl::StrictMode);
    if (!url.isValid() || !serverUri.startsWith(QStringLiteral("postgres")))
        throw UserError(
            QStringLiteral("\"%1\" is not a postgresql:// URI.")
                .arg(withoutPassword(serverUri).left(80)),
            QStringLiteral("Name the sandbox server as postgresql://USER@HOST/DATABASE."));
    url.setPassword(QString());
    url.setUserName(user);
    url.setPath(QLatin1Char('/') + database);
    return url.toString(QUrl::FullyEncoded);
}

ArchiveSandbox::ArchiveSandbox(const QString &archivePath, const SandboxServer &server,
                               const std::function<void(const QString &)> &log,
                               const std::function<void(double)> &progress,
                               const std::atomic_bool *cancel)
    : m_server(server)
{
    const auto say = [&](const QString &text) {
        if (log)
            log(text);
    };
    m_info = inspectArchive(archivePath);
    if (server.isOwn()) {
        const SandboxCluster cluster;
        m_lease = cluster.lease(say);
        m_adminUri = cluster.cluster().adminUri(QStringLiteral("postgres"));
    } else {
        m_adminUri = server.uri;
        m_adminPassword = server.password;
    }
    createDatabaseAndRole(say);
    say(QStringLiteral("Restoring %1 (%2 format) into %3 on %4")
            .arg(archivePath, m_info.format, m_database, m_server.describe()));
    try {
        restore(archivePath, progress, cancel);
    } catch (...) {
        drop();
        throw;
    }
    if (progress)
        progress(1.0);
    say(QStringLiteral("Restored"));
}

ArchiveSandbox::~ArchiveSandbox()
{
    drop();
}

void ArchiveSandbox::createDatabaseAndRole(const std::function<void(const QString &)> &say)
{
    db::Session admin(ConnectionProfile::fromUri(m_adminUri), m_adminPassword, writable(),
                      QStringLiteral("payops"));
    const ResultTable rights = admin.query(
        QStringLiteral("SELECT current_user, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
                       "WHERE rolname = current_user"));
    const QString user = rights.rows.value(0).value(0);
    const bool super = rights.rows.value(0).value(1) == u"t";
    const bool createRole = rights.rows.value(0).value(2) == u"t";
    const bool createDb = rights.rows.value(0).value(3) == u"t";
    if (!super && !createDb)
        throw UserError(
            QStringLiteral("The role %1 may not create databases on %2, and a restore sandbox is "
                           "a database of its own.")
                .arg(user, m_server.describe()),
            QStringLiteral("Ask that server's owner for it (ALTER ROLE %1 CREATEDB), or leave "
                           "the sandbox server unset to use the console's own sandbox cluster. "
                           "Nothing was restored.")
                .arg(user));

    // Sandboxes that a killed process of this machine left behind.
    const ResultTable leftovers = admin.query(
        QStringLiteral("SELECT datname FROM pg_database WHERE starts_with(datname, $1)"),
        {kPrefix + machineTag() + QLatin1Char('_')});
    for (const auto &row : leftovers.rows) {
        const qint64 pid = row[0].section(QLatin1Char('_'), 3, 3).toLongLong();
        if (processAlive(pid))
            continue;
        say(QStringLiteral("Dropping %1, left behind by an interrupted comparison").arg(row[0]));
        admin.executeScript(
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db::quoteIdent(row[0])));
        admin.executeScript(QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(row[0])));
    }

    m_database = kPrefix + machineTag() + QLatin1Char('_') +
                 QString::number(QCoreApplication::applicationPid()) + QLatin1Char('_') +
                 randomHex(4);
    // A role of its own when this server lets us make one: it owns the
    // sandbox and nothing else. Else the configured role itself, which may
    // create databases but is no superuser.
    m_ownRole = super || createRole;
    if (m_ownRole) {
        m_role = m_database;
        m_password = randomHex(24);
        admin.executeScript(
            QStringLiteral("CREATE ROLE %1 LOGIN NOSUPERUSER NOCREATEDB "
                           "NOCREATEROLE NOREPLICATION PASSWORD %2")
                .arg(db::quoteIdent(m_role), QLatin1Char('\'') + m_password + QLatin1Char('\'')));
        if (!super) // CREATE DATABASE ... OWNER needs membership of the owner
            admin.executeScript(
                QStringLiteral("GRANT %1 TO CURRENT_USER").arg(db::quoteIdent(m_role)));
        say(QStringLiteral("Creating the sandbox database %1").arg(m_database));
        admin.executeScript(QStringLiteral("CREATE DATABASE %1 OWNER %2")
                                .arg(db::quoteIdent(m_database), db::quoteIdent(m_role)));
    } else {
        m_role = user;
        m_password = m_adminPassword;
        say(QStringLiteral("Creating the sandbox database %1").arg(m_database));
        admin.executeScript(QStringLiteral("CREATE DATABASE %1").arg(db::quoteIdent(m_database)));
    }
    admin.executeScript(
        QStringLiteral("REVOKE ALL ON DATABASE %1 FROM PUBLIC").arg(db::quoteIdent(m_database)));
    m_uri = uriFor(m_adminUri, m_role, m_database);
}

void ArchiveSandbox::restore(const QString &archivePath,
                             const std::function<void(double)> &progress,
                             const std::atomic_bool *cancel)
{
    // pg_restore --verbose names each table as it loads its data: that is
    // the progress. The process is watched, not waited for, so that a
    // cancel can stop it; its password comes through the environment.
    QProcess restore;
    restore.setProcessChannelMode(QProcess::MergedChannels);
    restore.setProcessEnvironment(environmentWithPassword(m_password));
    dieWithParent(restore);
    restore.start(postgresProgram(QStringLiteral("pg_restore")),
                  {QStringLiteral("--verbose"), QStringLiteral("--no-owner"),
                   QStringLiteral("--no-privileges"), QStringLiteral("--exit-on-error"),
                   QStringLiteral("--dbname"), m_uri, archivePath});
    QByteArray output;
    int tablesLoaded = 0;
    QElapsedTimer clock;
    clock.start();
    while (!restore.waitForFinished(200)) {
        const QByteArray more = restore.readAll();
        output += more;
        tablesLoaded += int(more.count("processing data for table"));
        if (progress && m_info.dataItems > 0)
            progress(std::min(1.0, double(tablesLoaded) / m_info.dataItems));
        const bool cancelled = cancel && cancel->load();
        if (cancelled || clock.elapsed() > kRestoreTimeoutMs ||
            restore.state() == QProcess::NotRunning) {
            restore.kill();
            restore.waitForFinished(5000);
            if (cancelled)
                throw UserError(
                    QStringLiteral("The restore of %1 was cancelled.").arg(archivePath),
                    QStringLiteral("The sandbox database was dropped; nothing is left behind."));
            if (clock.elapsed() > kRestoreTimeoutMs)
                throw UserError(
                    QStringLiteral("The restore of %1 took more than an hour and was stopped.")
                        .arg(archivePath),
                    QStringLiteral("Restore it by hand into a database and compare with that "
                                   "database instead; the sandbox was dropped."));
            break;
        }
    }
    output += restore.readAll();
    if (restore.exitStatus() != QProcess::NormalExit || restore.exitCode() != 0)
        throw restoreFailure(archivePath, QString::fromLocal8Bit(output));
}

UserError ArchiveSandbox::restoreFailure(const QString &archivePath, const QString &output) const
{
    // pg_restore --verbose talks a lot: the last line that says "error" is the cause.
    QString cause;
    for (const QString &line : output.split(QLatin1Char('\n')))
        if (line.contains(QStringLiteral("error"), Qt::CaseInsensitive))
            cause = line.trimmed();
    if (cause.isEmpty())
        cause = output.trimmed().section(QLatin1Char('\n'), -1);
    cause = redactSecrets(cause, {m_password, m_adminPassword});
    if (!serverAnswers() || cause.contains(QStringLiteral("server closed the connection")) ||
        cause.contains(QStringLiteral("terminating connection")) ||
        cause.contains(QStringLiteral("connection to server")))
        return UserError(
            QStringLiteral("%1 stopped answering while %2 was being restored (%3); the archive "
                           "is not to blame.")
                .arg(m_server.describe(), archivePath, cause),
            QStringLiteral("Check that server and compare again. If the sandbox database %1 is "
                           "still there, the next comparison drops it.")
                .arg(m_database));
    if (cause.contains(QStringLiteral("permission denied")) ||
        cause.contains(QStringLiteral("must be owner")) ||
        cause.contains(QStringLiteral("must be superuser")))
        return UserError(
            QStringLiteral("%1 holds something only a more privileged role may create (%2). The "
                           "console restores archives with no more rights than owning their "
                           "sandbox, so that an archive cannot act on the server.")
                .arg(archivePath, cause),
            QStringLiteral("Restore it by hand into a database made for it and name that "
                           "database as the backup, or dump without that object (pg_dump "
                           "--exclude-...). Nothing was compared."));
    return UserError(
        QStringLiteral("%1 is not a usable pg_dump archive (%2).").arg(archivePath, cause),
        QStringLiteral("Check that the file is complete (a copy cut short fails here) and was "
                       "made by pg_dump; nothing was restored."));
}

bool ArchiveSandbox::serverAnswers() const
{
    try {
        db::Session probe(ConnectionProfile::fromUri(m_adminUri), m_adminPassword, writable(),
                          QStringLiteral("payops"));
        probe.query(QStringLiteral("SELECT 1"));
        return true;
    } catch (const UserError &) {
        return false;
    }
}

void ArchiveSandbox::drop() noexcept
{
    if (m_database.isEmpty())
        return;
    try {
        db::Session admin(ConnectionProfile::fromUri(m_adminUri), m_adminPassword, writable(),
                          QStringLiteral("payops"));
        admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                .arg(db::quoteIdent(m_database)));
        if (m_ownRole)
            admin.executeScript(
                QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(m_role)));
        m_database.clear();
    } catch (...) {
        // The server went away: the next sandbox on it drops this one (its
        // name carries this machine and this process).
    }
    m_lease.reset();
}

} // namespace payops::pgtools
