#pragma once

#include "support/scratch_payops.h"

#include <QString>

namespace payops::test {

// An approved restore of `items` items (four in five insert a row, one in
// five updates an existing row) on a table of a scratch database whose
// trigger logs every insert and update it sees, so that an effect applied
// twice shows even where a key would have refused the second.
class ExactlyOnceRestore
{
public:
    ExactlyOnceRestore(const ScratchPayops &db, int items);

    QString batchId() const { return m_batch; }
    // Begins the execution (one transaction, atomic by itself) and lets go
    // of the claim, so that every kill that follows lands in the items.
    void begin() const;
    // Whether more items ended since the last call.
    bool progressed() const;
    // Empty when the batch is done and every item took effect exactly
    // once, as its record says; else what is wrong.
    QString verify() const;

private:
    const ScratchPayops &m_db;
    int m_items;
    QString m_batch;
    mutable qint64 m_ended = 0;
};

} // namespace payops::test
