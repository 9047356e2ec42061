#pragma once

#include <QString>

namespace payops::db {
class Session;
}

namespace payops::exec {

// Where a money batch's items go, registered on the database they are
// built on (migration 005): a payment provider over HTTP, or an acquirer
// that takes files. Its environment is the database's own; an HTTP
// destination carries the SHA-256 of its credential, never the credential.
struct MoneyDestination
{
    QString name;        // demo-psp
    QString adapter;     // http or file
    QString address;     // the provider's base URL, or the acquirer's name
    QString environment; // production, staging, test, demo
    QString credentialSha256;

    // "payment provider http://127.0.0.1:8080 (staging)"
    QString describe() const;
};

// The SHA-256 (hex) of a credential, as destinations are registered with.
QString credentialFingerprint(const QString &credential);

// Registers a destination as a database owner, once and audited. Throws
// UserError with the database's reason (a production destination on a
// staging database, a name taken); registers nothing then.
void registerMoneyDestination(db::Session &session, const MoneyDestination &destination);

// The registered destination of that name; throws UserError naming the
// ones there are when there is none.
MoneyDestination moneyDestination(db::Session &session, const QString &name);

// The destination a batch's provider items name (one per batch); empty
// when its items name none.
QString batchDestination(db::Session &session, qint64 batchId);

} // namespace payops::exec
