#pragma once

#include "support/fake_provider.h"
#include "support/scratch_payops.h"

#include <QString>

namespace payops::test {

// An approved refund batch of `items` items on a scratch database: one
// charge of 10.00 USD each, registered as a money source, each item
// refunding it whole through a payment provider, the destination
// kDestination registered at `providerUrl` with the fake provider's key.
// Its checks compare the batch's records with the provider's ledger, the
// ground truth.
class ExactlyOnceRefunds
{
public:
    // environment: what the scratch database declares itself, and its batch.
    ExactlyOnceRefunds(const ScratchPayops &db, int items, const QUrl &providerUrl,
                       const QString &environment = QStringLiteral("test"));

    static constexpr const char *kDestination = "fake-psp";
    QString batchId() const { return m_batch; }
    static constexpr qint64 kAmountMinor = 1000;
    // Begins the execution and lets go of the claim.
    void begin() const;
    // Whether more items left pending since the last call.
    bool progressed() const;
    // Items the provider was found to have nothing under, waiting for a
    // person's decision.
    QStringList absentItems() const;
    // As a person would, after reading each: send it again under its key.
    void sendAbsentItemsAgain() const;
    // Empty when the batch is done, every item applied once, and the
    // provider's ledger holds exactly one succeeded refund per item under
    // the item's own key, for its amount, with the reference the item
    // recorded; no key sent with two bodies; and no item sent a second time
    // without a lookup that found nothing first. Else what is wrong.
    QString verify(const FakeProvider &provider) const;

private:
    const ScratchPayops &m_db;
    int m_items;
    QString m_batch;
    mutable qint64 m_moved = 0;
};

} // namespace payops::test
