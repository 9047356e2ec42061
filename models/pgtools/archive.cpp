#include "pgtools/archive.h"

#include "core/user_error.h"
#include "pgtools/postgres_programs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace payops::pgtools {

namespace {

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
    else if (start.startsWith("--") || start.contains("CREATE ") || start.contains("SET "))
        throw UserError(
            QStringLiteral("%1 is a plain SQL script, and the console never runs one: psql "
                           "obeys the commands a script may hold (\\! runs a program, \\c "
                           "switches to another database).")
                .arg(path),
            QStringLiteral("Read it, restore it by hand into a database made for it (createdb "
                           "billing_restored; psql -X -v ON_ERROR_STOP=1 -d billing_restored -f "
                           "FILE), then name that database as the backup with its postgresql:// "
                           "URI. Or take the backup again with pg_dump -Fc. Nothing was "
                           "restored."));
    else
        throw notAnArchive(path, QStringLiteral("neither a pg_dump archive nor an SQL script"));

    const auto listing = runProcess(postgresProgram(QStringLiteral("pg_restore")),
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

} // namespace payops::pgtools
