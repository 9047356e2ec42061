#pragma once

#include "core/database_binding.h"

#include <QDateTime>
#include <QString>
#include <QVector>

namespace payops::ops {

// The last row of an audit chain: its number and its hash.
struct AuditHead
{
    qint64 seq = 0;
    QString rowHash;
};

// One line of the head log: a head seen at a moment, under an installation.
struct RecordedHead
{
    QDateTime seenAt;
    QString installId;
    AuditHead head;
};

// The audit chain's heads as this machine has seen them, kept outside the
// database so that its owner cannot rewrite or cut the chain unnoticed: a
// chain the database alone checks proves nothing against the database's
// owner. One append-only text file per database (cluster system identifier
// and database name), mode 0600, a line per head seen:
//   <ISO time> TAB <install id> TAB <row count> TAB <row hash>
class AuditHeadLog
{
public:
    explicit AuditHeadLog(const DatabaseBinding &binding,
                          const QString &directory = defaultDirectory());

    // $XDG_DATA_HOME/payops/audit-heads (~/.local/share/payops/audit-heads).
    static QString defaultDirectory();

    QString path() const { return m_path; }
    // Every line, oldest first; lines that do not parse are skipped (and
    // counted in unreadableLines()).
    QVector<RecordedHead> recorded() const;
    int unreadableLines() const { return m_unreadable; }
    // Appends the head unless the last line already says the same; throws
    // UserError when the file cannot be written.
    void record(const AuditHead &head);

private:
    DatabaseBinding m_binding;
    QString m_path;
    mutable int m_unreadable = 0;
};

} // namespace payops::ops
