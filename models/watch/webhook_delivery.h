#pragma once

#include "core/connection_profile.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>

namespace payops::db {
class Session;
}

namespace payops::watch {

// The secret a webhook's receiver checks: PAYOPS_WEBHOOK_SECRET, never a
// command-line argument or a unit file. Empty when unset (deliveries are
// then unsigned).
QByteArray webhookSecretFromEnvironment();

// The X-Payops-Signature header's value for a body: "sha256=" and the hex
// HMAC-SHA256 of the body under the secret.
QByteArray webhookSignature(const QByteArray &body, const QByteArray &secret);

struct DeliveryRound
{
    int delivered = 0;
    int failed = 0; // retried later, with backoff
};

// Claims the deliveries due now (payops.claim_watch_deliveries), POSTs each
// with a deadline of timeoutMs, several at once, and records every outcome
// (payops.finish_watch_delivery). A receiver that is down, answers 500 or
// is slow costs at most timeoutMs; its deliveries wait for their next attempt.
// `log` gets one line per failed attempt.
DeliveryRound deliverDue(db::Session &session, const QByteArray &secret, int timeoutMs,
                         const std::function<void(const QString &)> &log);

// deliverDue on a session of its own, once.
DeliveryRound deliverDueOnce(const ConnectionProfile &connection, const QString &password,
                             const QByteArray &secret, int timeoutMs,
                             const std::function<void(const QString &)> &log);

// Runs deliverDue about every second on a session of its own until `stop`
// is set: the watch's deliveries in the background, so that a webhook
// that is down never holds up the next scan.
void deliverUntilStopped(const ConnectionProfile &connection, const QString &password,
                         const QByteArray &secret, int timeoutMs, const std::atomic_bool &stop,
                         const std::function<void(const QString &)> &log);

} // namespace payops::watch
