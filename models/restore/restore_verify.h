#pragma once

#include <QMetaType>
#include <QStringList>

namespace payops::db {
class Session;
}

namespace payops::restore {

// What the re-run comparison says of an executed restore, for exactly the
// rows it wrote: each row put back now equals its backup row, each value
// put back its backup value.
struct VerifyReport
{
    qint64 checked = 0;
    qint64 same = 0;
    QStringList differing; // "public.accounts {"id": 5}: the email differs", the first 50
    qint64 differingCount = 0;
    bool holds() const { return checked > 0 && differingCount == 0; }
    QString summary() const;
};

VerifyReport verifyRestore(db::Session &live, db::Session &backup, qint64 batchId);

} // namespace payops::restore

Q_DECLARE_METATYPE(payops::restore::VerifyReport)
