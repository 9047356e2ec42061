#pragma once

#include <QString>
#include <QUrl>

#include <functional>

namespace payops::demo {

// The demo's payment provider: the tests' fake provider (tests/support,
// payops-demo-provider) run as a process of its own on 127.0.0.1, so that
// the demo's refunds run end to end (`payops batch run`) against a ledger
// that honours idempotency keys. Its port follows from the demo's state
// directory (several demos on one machine do not collide); its key is
// public, as the demo's passwords are.
class DemoProvider
{
public:
    using Log = std::function<void(const QString &)>;
    explicit DemoProvider(const QString &stateDir);

    QUrl url() const; // http://127.0.0.1:PORT
    static QString key();

    // Starts it when it does not run (its pid in the state directory);
    // without the payops-demo-provider program next to payops, says so and
    // carries on: the demo works, its provider batches need one of yours.
    void start(const Log &log);
    void stop();
    bool isRunning() const;

private:
    QString pidFile() const;
    qint64 runningPid() const;

    QString m_stateDir;
};

} // namespace payops::demo
