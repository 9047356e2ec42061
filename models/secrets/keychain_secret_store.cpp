#include "secrets/keychain_secret_store.h"

#include <qt6keychain/keychain.h>

#include <QPointer>
#include <QTimer>

#include <memory>

namespace payops::secrets {

namespace {

SecretResult resultOf(QKeychain::Job *job)
{
    SecretResult result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.ok = true;
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job))
            result.password = read->textData();
        break;
    case QKeychain::EntryNotFound:
        result.notFound = true;
        result.error = QStringLiteral("The keychain holds no password for this profile. Type it; "
                                      "you may choose to store it.");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.error = QStringLiteral("The keychain refused access (%1). Unlock the keychain, or "
                                      "type the password for this session.")
                           .arg(job->errorString());
        result.storeUnavailable = true;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    default:
        result.error = QStringLiteral("No usable keychain on this machine (%1). The password will "
                                      "be asked for each session and never written to disk.")
                           .arg(job->errorString());
        result.storeUnavailable = true;
        break;
    }
    return result;
}

// Runs a QtKeychain job with a deadline; calls done exactly once, unless the
// context is gone, in which case nobody is waiting.
void runJob(QKeychain::Job *job, QObject *context, int timeoutMs, SecretStore::Callback done)
{
    auto answered = std::make_shared<bool>(false);
    QPointer<QObject> guard(context);
    auto deliver = [answered, guard, done](const SecretResult &result) {
        if (*answered)
            return;
        *answered = true;
        if (guard)
            done(result);
    };
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [deliver](QKeychain::Job *finished) { deliver(resultOf(finished)); });
    QTimer::singleShot(timeoutMs, context, [deliver, timeoutMs] {
        SecretResult result;
        result.storeUnavailable = true;
        result.error = QStringLiteral("The keychain did not answer within %1 s (it may be locked "
                                      "or waiting for an unlock dialog). Type the password for "
                                      "this session.")
                           .arg(timeoutMs / 1000);
        deliver(result);
    });
    job->start();
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, int timeoutMs)
    : m_service(service)
    , m_timeoutMs(timeoutMs)
{
}

void KeychainSecretStore::readPassword(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob(job, context, m_timeoutMs, std::move(done));
}

void KeychainSecretStore::writePassword(const QString &key, const QString &password,
                                        QObject *context, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(password);
    runJob(job, context, m_timeoutMs, std::move(done));
}

void KeychainSecretStore::deletePassword(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    runJob(job, context, m_timeoutMs, std::move(done));
}

} // namespace payops::secrets
