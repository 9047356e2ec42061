#include "ops/audit_head_log.h"

#include "core/user_error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace payops::ops {

namespace {

// A file name from any database name: letters, digits, - and _ kept.
QString fileSafe(const QString &text)
{
    QString safe = text;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]")), QStringLiteral("_"));
    return safe;
}

} // namespace

AuditHeadLog::AuditHeadLog(const DatabaseBinding &binding, const QString &directory)
    : m_binding(binding)
    , m_path(QDir(directory).filePath(fileSafe(binding.systemIdentifier) + QLatin1Char('-') +
                                      fileSafe(binding.database) + QStringLiteral(".heads")))
{
}

QString AuditHeadLog::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/payops/audit-heads");
}

QVector<RecordedHead> AuditHeadLog::recorded() const
{
    QVector<RecordedHead> heads;
    m_unreadable = 0;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return heads;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList fields = line.split(QLatin1Char('\t'));
        bool seqOk = false;
        RecordedHead head;
        if (fields.size() == 4) {
            head.seenAt = QDateTime::fromString(fields[0], Qt::ISODate);
            head.installId = fields[1];
            head.head.seq = fields[2].toLongLong(&seqOk);
            head.head.rowHash = fields[3];
        }
        if (!seqOk || !head.seenAt.isValid() || head.head.rowHash.isEmpty()) {
            ++m_unreadable;
            continue;
        }
        heads << head;
    }
    return heads;
}

void AuditHeadLog::record(const AuditHead &head)
{
    const QVector<RecordedHead> before = recorded();
    if (!before.isEmpty() && before.last().installId == m_binding.installId &&
        before.last().head.seq == head.seq && before.last().head.rowHash == head.rowHash)
        return;
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        throw UserError(QStringLiteral("Could not create %1 to record the audit chain's head.")
                            .arg(info.absolutePath()),
                        QStringLiteral("Check the permissions of your data directory."));
    QFile::setPermissions(info.absolutePath(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QFile file(m_path);
    const bool isNew = !file.exists();
    if (!file.open(QIODevice::Append | QIODevice::Text))
        throw UserError(
            QStringLiteral("Could not append to %1: %2.").arg(m_path, file.errorString()),
            QStringLiteral("Check the file's permissions; the audit chain was not recorded."));
    if (isNew)
        file.write(QStringLiteral("# payops audit chain heads of database %1 on cluster %2: "
                                  "time, install id, rows, hash of the last row\n")
                       .arg(m_binding.database, m_binding.systemIdentifier)
                       .toUtf8());
    file.write(
        QStringLiteral("%1\t%2\t%3\t%4\n")
            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), m_binding.installId)
            .arg(head.seq)
            .arg(head.rowHash)
            .toUtf8());
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace payops::ops
