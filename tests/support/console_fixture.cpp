#include "support/console_fixture.h"

#include "db/thread_guard.h"
#include "widgets/main_window.h"

#include <QSignalSpy>
#include <QThread>

namespace payops::test {

ConsoleFixture::ConsoleFixture(const QString &settingsName)
    : m_settings(std::make_unique<QSettings>(m_dir.filePath(settingsName), QSettings::IniFormat))
{
}

ConsoleFixture::~ConsoleFixture() = default;

void ConsoleFixture::forbidDatabaseCallsOnThisThread()
{
    db::forbidDatabaseCallsOn(QThread::currentThread());
}

std::unique_ptr<MainWindow> ConsoleFixture::window(Show show)
{
    auto window = std::make_unique<MainWindow>(m_secrets, *m_settings);
    if (show == Show::Yes)
        window->show();
    return window;
}

std::unique_ptr<MainWindow> ConsoleFixture::connectedWindow(const ConnectionProfile &profile,
                                                            const QString &password, Show show)
{
    auto window = this->window(show);
    QSignalSpy connected(window.get(), &MainWindow::connected);
    window->connectTo(profile, password);
    if (!connected.wait(60000))
        qFatal("could not connect to %s as %s", qPrintable(profile.database),
               qPrintable(profile.user));
    return window;
}

std::unique_ptr<MainWindow> ConsoleFixture::scannedWindow(const ConnectionProfile &profile,
                                                          const QString &password, Show show)
{
    auto window = connectedWindow(profile, password, show);
    // Connecting starts a scan; it must not clear the findings panel later.
    QSignalSpy scanned(window.get(), &MainWindow::scanFinished);
    if (!scanned.wait(120000))
        qFatal("the first scan as %s did not finish", qPrintable(profile.user));
    return window;
}

} // namespace payops::test
