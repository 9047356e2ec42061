#include "cli/cli_keychain.h"

#include "core/user_error.h"
#include "secrets/keychain_secret_store.h"

#include <QEventLoop>

namespace {

constexpr int kKeychainTimeoutMs = 15000;

payops::secrets::SecretResult
waitFor(const std::function<void(payops::secrets::SecretStore &, QObject *,
                                 payops::secrets::SecretStore::Callback)> &call)
{
    payops::secrets::KeychainSecretStore store(QStringLiteral("payops-console"),
                                               kKeychainTimeoutMs);
    QEventLoop loop;
    payops::secrets::SecretResult answer;
    // The store answers exactly once, within its timeout.
    call(store, &loop, [&](const payops::secrets::SecretResult &result) {
        answer = result;
        loop.quit();
    });
    loop.exec();
    return answer;
}

} // namespace

QString readFromKeychain(const QString &key)
{
    const auto result = waitFor(
        [&](auto &store, QObject *context, auto done) { store.readPassword(key, context, done); });
    if (!result.ok)
        throw payops::UserError(
            QStringLiteral("The keychain holds no %1 (%2).").arg(key, result.error),
            QStringLiteral("Store it first (payops audit seal-key --store), or "
                           "set PAYOPS_AUDIT_SEAL_KEY."));
    return result.password;
}

QString readFromKeychainIfThere(const QString &key, QString *problem)
{
    const auto result = waitFor(
        [&](auto &store, QObject *context, auto done) { store.readPassword(key, context, done); });
    if (result.ok)
        return result.password;
    if (!result.notFound && problem)
        *problem = result.error;
    return {};
}

void writeToKeychain(const QString &key, const QString &secret)
{
    const auto result = waitFor([&](auto &store, QObject *context, auto done) {
        store.writePassword(key, secret, context, done);
    });
    if (!result.ok)
        throw payops::UserError(
            QStringLiteral("Could not store %1 in the keychain: %2").arg(key, result.error),
            QStringLiteral("Unlock the keychain and try again; nothing was stored."));
}
