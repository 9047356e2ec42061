#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace payops::secrets {

struct SecretResult
{
    bool ok = false;
    QString password;              // set when ok and reading
    QString error;                 // one sentence: what went wrong and what to do
    bool storeUnavailable = false; // no keychain on this machine: ask the user instead
    bool notFound = false;         // the keychain works but holds nothing under that key
};

// Where passwords live: only the OS keychain, never a settings file. Every
// call is asynchronous and answers within the timeout, so nothing ever
// waits for a keychain (which may be showing an unlock dialog) on the GUI
// thread. The callback runs in the thread of `context`, and not at all if
// `context` is destroyed first.
class SecretStore
{
public:
    using Callback = std::function<void(const SecretResult &)>;
    virtual ~SecretStore() = default;

    virtual void readPassword(const QString &key, QObject *context, Callback done) = 0;
    virtual void writePassword(const QString &key, const QString &password, QObject *context,
                               Callback done) = 0;
    virtual void deletePassword(const QString &key, QObject *context, Callback done) = 0;
};

// A SecretStore that remembers passwords for this run only (in memory), for
// machines without a keychain: the console asks once per session.
class SessionOnlySecretStore : public SecretStore
{
public:
    void readPassword(const QString &key, QObject *context, Callback done) override;
    void writePassword(const QString &key, const QString &password, QObject *context,
                       Callback done) override;
    void deletePassword(const QString &key, QObject *context, Callback done) override;

private:
    QHash<QString, QString> m_passwords;
};

} // namespace payops::secrets
