#pragma once

#include <QMetaType>
#include <QString>

namespace payops::db {
class Session;
}

namespace payops::exec {

// How many items of a batch are in each state, as the database says.
struct ItemCounts
{
    qint64 pending = 0;
    qint64 applied = 0;
    qint64 conflict = 0;
    qint64 failed = 0;
    qint64 sending = 0;
    qint64 unknown = 0;
    qint64 held = 0; // claw-back items waiting for their person's consent

    qint64 total() const
    {
        return pending + applied + conflict + failed + sending + unknown + held;
    }
    qint64 ended() const { return applied + conflict + failed; }
    // "9,990 applied, 10 conflicts, 0 pending"
    QString describe() const;
};

// The counts of a batch whose execution began (all zero before that).
ItemCounts itemCounts(db::Session &session, qint64 batchId);

} // namespace payops::exec

Q_DECLARE_METATYPE(payops::exec::ItemCounts)
