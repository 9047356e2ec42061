#pragma once

#include "core/connection_profile.h"
#include "secrets/secret_store.h"

#include <QSettings>
#include <QTemporaryDir>

#include <memory>

namespace payops {
class MainWindow;
}

namespace payops::test {

// What every GUI test of the console stands on: a temporary directory with
// a settings file of its own, a secret store that remembers for this run
// only, and main windows on both, connected to the demo (which the ctest
// fixture started) as one of its people. Windows must go before the
// fixture: they hold its settings and store.
class ConsoleFixture
{
public:
    explicit ConsoleFixture(const QString &settingsName = QStringLiteral("s.ini"));
    ~ConsoleFixture();

    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QSettings &settings() { return *m_settings; }
    secrets::SessionOnlySecretStore &secrets() { return m_secrets; }

    // From now on every database call on the calling thread (the GUI's)
    // aborts the test: read the ground truth before.
    static void forbidDatabaseCallsOnThisThread();

    enum class Show { No, Yes };
    // A window on these settings and this store, not connected.
    std::unique_ptr<MainWindow> window(Show show = Show::No);
    // A window connected to `profile` with `password`; the test run ends
    // (qFatal) when it does not connect within 60 s.
    std::unique_ptr<MainWindow> connectedWindow(const ConnectionProfile &profile,
                                                const QString &password, Show show = Show::No);
    // The same, once the scan the connection starts has finished too (120 s).
    std::unique_ptr<MainWindow> scannedWindow(const ConnectionProfile &profile,
                                              const QString &password, Show show = Show::No);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    secrets::SessionOnlySecretStore m_secrets;
};

} // namespace payops::test
