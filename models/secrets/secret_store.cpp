#include "secrets/secret_store.h"

#include <QMetaObject>
#include <QPointer>

namespace payops::secrets {

// Answers are posted, never called back synchronously, so callers see the
// same order of events as with a real keychain.
static void answer(QObject *context, SecretStore::Callback done, SecretResult result)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

void SessionOnlySecretStore::readPassword(const QString &key, QObject *context, Callback done)
{
    SecretResult result;
    result.ok = m_passwords.contains(key);
    result.notFound = !result.ok;
    result.password = m_passwords.value(key);
    answer(context, std::move(done), result);
}

void SessionOnlySecretStore::writePassword(const QString &key, const QString &password,
                                           QObject *context, Callback done)
{
    m_passwords.insert(key, password);
    SecretResult result;
    result.ok = true;
    answer(context, std::move(done), result);
}

void SessionOnlySecretStore::deletePassword(const QString &key, QObject *context, Callback done)
{
    m_passwords.remove(key);
    SecretResult result;
    result.ok = true;
    answer(context, std::move(done), result);
}

} // namespace payops::secrets
