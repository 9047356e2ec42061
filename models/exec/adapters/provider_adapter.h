#pragma once

#include <QString>
#include <QVector>

namespace payops::exec {

// One money item as a provider sees it: what to do, against what, how
// much, under which idempotency key (derived by the database from batch
// and item, the same on every attempt).
struct ProviderItem
{
    int itemNo = 0;
    QString key;
    QString operation; // refund, reversal, claw-back
    QString payment;   // the provider's reference of the charge (or refund, payout) it concerns
    qint64 amountMinor = 0;
    QString currency;
    QString description;
};

// What the provider said of one item. Only Succeeded and Failed are
// definitive; Unknown (a timeout, a lost answer, a 5xx) leaves the item
// open, to be looked up by its key, never sent again blindly; Absent is a
// lookup's definitive "nothing under this key".
struct ProviderAnswer
{
    enum class Outcome { Succeeded, Failed, Unknown, Absent };
    int itemNo = 0;
    Outcome outcome = Outcome::Unknown;
    QString reference; // the provider's id of the operation, when it succeeded
    QString reason;    // a failure's code (card_declined), or why it is unknown
    QString detail;    // the provider's or the transport's own words
};
QString outcomeName(ProviderAnswer::Outcome outcome);

// A payment provider, as the money executor uses it: send items under
// their keys, and look items up by their keys. Both calls block until
// every item has an answer (each Unknown when nothing definitive came),
// so the executor records outcomes a chunk at a time. A failure of the
// whole provider (refused credentials, nothing listening) throws UserError:
// the items sent so far then stay sending, to be looked up on resume.
class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;
    // "HTTP https://api.example.com (staging)", for the operator and the audit.
    virtual QString describe() const = 0;
    // The environment its credentials belong to: production, staging, ...
    virtual QString environment() const = 0;
    // The registered destination it sends to (payops.money_destinations),
    // and the SHA-256 of the credential it sends with ("" for none): the
    // database binds a run to both before anything is sent.
    virtual QString destination() const = 0;
    virtual QString credentialFingerprint() const { return {}; }
    // Throws UserError when the provider cannot be reached or refuses the
    // credentials: asked before anything is sent, so that a wrong key
    // never leaves a chunk of items sent-or-not.
    virtual void checkAccess() = 0;
    virtual QVector<ProviderAnswer> send(const QVector<ProviderItem> &items) = 0;
    virtual QVector<ProviderAnswer> lookUp(const QVector<ProviderItem> &items) = 0;
};

} // namespace payops::exec
