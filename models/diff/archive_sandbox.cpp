#include "diff/archive_sandbox.h"

#include "core/connection_profile.h"
#include "core/connection_secrets.h"
#include "core/user_error.h"
#include "db/session.h"
#include "demo/process_runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QUrl>
#include <QUuid>

namespace payops::diff {

namespace {

constexpr int kRestoreTimeoutMs = 60 * 60 * 1000;

UserError notAnArchive(const QString &path, const QString &said)
{
    const QStringList lines = said.trimmed().split(QLatin1Char('\n'));
    return UserError(
        QStringLiteral("%1 is not a usable pg_dump archive (%2).")
            .arg(path, lines.value(lines.size() - 1).trimmed()),
        QStringLiteral(
            "Check that the file is complete (a copy cut short fails here) and was made by "
            "pg_dump; nothing was restored."));
}

} // namespace

QString uriWithDatabase(const QString &uri, const QString &database)
{
    QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || !uri.startsWith(QStringLiteral("postgres")))
        throw UserError(
            QStringLiteral("\"%1\" is not a postgresql:// URI.").arg(withoutPassword(uri).left(80)),
            QStringLiteral("Name the sandbox server as postgresql://USER@HOST/DATABASE."));
    url.setPath(QLatin1Char('/') + database);
    return url.toString(QUrl::FullyEncoded);
}

ArchiveInfo inspectArchive(const QString &path)
{
    const QFileInfo file(path);
    if (!file.exists())
        throw UserError(QStringLiteral("There is no file %1.").arg(path),
                        QStringLiteral("Check the archive's path."));
    ArchiveInfo info;
    QFile head(file.isDir() ? QDir(path).filePath(QStringLiteral("toc.dat")) : path);
    if (!head.open(QIODevice::ReadOnly))
        throw notAnArchive(path, head.errorString());
    const QByteArray start = head.read(512);
    if (start.startsWith("PGDMP"))
        info.format = file.isDir() ? QStringLiteral("directory") : QStringLiteral("custom");
    else if (start.size() > 262 && start.mid(257, 5) == "ustar")
        info.format = QStringLiteral("tar");
    else if (start.startsWith("--"))
        info.format = QStringLiteral("plain");
    else
        throw notAnArchive(path, QStringLiteral("neither a pg_dump archive nor an SQL script"));

    if (info.format == u"plain") {
        // A plain dump names its source only in comments; a cut-short one
        // lacks the closing line pg_dump always writes.
        QFile all(path);
        all.open(QIODevice::ReadOnly);
        const qint64 size = all.size();
        all.seek(std::max<qint64>(0, size - 4096));
        if (!all.readAll().contains("-- PostgreSQL database dump complete"))
            throw notAnArchive(path,
                               QStringLiteral("the script ends before pg_dump's closing line"));
        return info;
    }
    const auto listing = demo::runProcess(QStringLiteral("pg_restore"),
                                          {QStringLiteral("--list"), path}, 120000, false);
    if (listing.exitCode != 0)
        throw notAnArchive(path, listing.output);
    const auto created =
        QRegularExpression(QStringLiteral("Archive created at (\\S+ \\S+)")).match(listing.output);
    if (created.hasMatch()) {
        info.createdAt =
            QDateTime::fromString(created.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        info.createdAt.setTimeSpec(Qt::UTC); // pg_dump writes it in UTC
    }
    info.dataItems = int(listing.output.count(QStringLiteral(" TABLE DATA ")));
    const auto database =
        QRegularExpression(QStringLiteral(";\\s+dbname: (\\S+)")).match(listing.output);
    if (database.hasMatch())
        info.database = database.captured(1);
    return info;
}

ArchiveSandbox::ArchiveSandbox(const QString &archivePath, const QString &serverUri,
                               const std::function<void(const QString &)> &log,
                               const std::function<void(double)> &progress,
                               const std::atomic_bool *cancel)
    : m_serverUri(serverUri)
{
    const auto say = [&](const QString &text) {
        if (log)
            log(text);
    };
    m_info = inspectArchive(archivePath);
    m_database =
        QStringLiteral("payops_sandbox_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    m_uri = uriWithDatabase(serverUri, m_database);
    db::SessionOptions writable;
    writable.readOnly = false;
    {
        db::Session server(ConnectionProfile::fromUri(serverUri), QString(), writable,
                           QStringLiteral("payops diff"));
        say(QStringLiteral("Creating the sandbox database %1").arg(m_database));
        server.executeScript(QStringLiteral("CREATE DATABASE ") +
                             server.quoteIdentifier(m_database));
    }
    say(QStringLiteral("Restoring %1 (%2 format) into it").arg(archivePath, m_info.format));
    // pg_restore --verbose names each table as it loads its data: that is
    // the progress. The process is watched, not waited for, so that a
    // cancel can stop it.
    QProcess restore;
    restore.setProcessChannelMode(QProcess::MergedChannels);
    if (m_info.format == u"plain")
        restore.start(QStringLiteral("psql"),
                      {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                       QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-d"), m_uri,
                       QStringLiteral("-f"), archivePath});
    else
        restore.start(QStringLiteral("pg_restore"),
                      {QStringLiteral("--verbose"), QStringLiteral("--no-owner"),
                       QStringLiteral("--no-privileges"), QStringLiteral("--exit-on-error"),
                       QStringLiteral("-d"), m_uri, archivePath});
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
            drop();
            if (cancelled)
                throw UserError(
                    QStringLiteral("The restore of %1 was cancelled.").arg(archivePath),
                    QStringLiteral("The sandbox database was dropped; nothing is left behind."));
            throw notAnArchive(archivePath, QString::fromLocal8Bit(output + restore.readAll()));
        }
    }
    output += restore.readAll();
    if (restore.exitStatus() != QProcess::NormalExit || restore.exitCode() != 0) {
        drop();
        // pg_restore --verbose talks a lot: the last line that says "error" is the cause.
        QString cause;
        for (const QString &line : QString::fromLocal8Bit(output).split(QLatin1Char('\n')))
            if (line.contains(QStringLiteral("error"), Qt::CaseInsensitive))
                cause = line;
        throw notAnArchive(archivePath, cause.isEmpty() ? QString::fromLocal8Bit(output) : cause);
    }
    if (progress)
        progress(1.0);
    say(QStringLiteral("Restored"));
}

ArchiveSandbox::~ArchiveSandbox()
{
    drop();
}

void ArchiveSandbox::drop() noexcept
{
    if (m_database.isEmpty())
        return;
    try {
        db::SessionOptions writable;
        writable.readOnly = false;
        db::Session server(ConnectionProfile::fromUri(m_serverUri), QString(), writable,
                           QStringLiteral("payops diff"));
        server.executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                 .arg(server.quoteIdentifier(m_database)));
        m_database.clear();
    } catch (...) {
        // The server went away: the database name says what to drop by hand.
    }
}

} // namespace payops::diff
