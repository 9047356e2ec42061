#pragma once

#include "secrets/secret_store.h"

namespace payops::secrets {

// Passwords in the OS keychain through QtKeychain (Secret Service on Linux).
// Without a keychain every call fails fast with storeUnavailable set and a
// message that says to type the password instead.
class KeychainSecretStore : public SecretStore
{
public:
    explicit KeychainSecretStore(const QString &service = QStringLiteral("payops-console"),
                                 int timeoutMs = 15000);

    void readPassword(const QString &key, QObject *context, Callback done) override;
    void writePassword(const QString &key, const QString &password, QObject *context,
                       Callback done) override;
    void deletePassword(const QString &key, QObject *context, Callback done) override;

private:
    QString m_service;
    int m_timeoutMs;
};

} // namespace payops::secrets
