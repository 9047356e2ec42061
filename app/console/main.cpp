// payops-console: the operator's window. Parses arguments and wires the
// main window to a connection; everything else lives in widgets/ and models/.
#include "core/connection_profile.h"
#include "core/profile_store.h"
#include "core/user_error.h"
#include "db/thread_guard.h"
#include "demo/demo_cluster.h"
#include "secrets/keychain_secret_store.h"
#include "widgets/finding_detail_view.h"
#include "widgets/main_window.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenu>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <QtConcurrent>

namespace {

// Starts (or reuses) the demo off the GUI thread, then connects to it.
void openDemo(payops::MainWindow &window)
{
    auto *watcher = new QFutureWatcher<QString>(&window);
    // Filled on the worker (reading them needs the database), read once it is done.
    auto backups = std::make_shared<QVector<payops::BackupSource>>();
    QObject::connect(
        watcher, &QFutureWatcher<QString>::finished, &window, [&window, watcher, backups] {
            watcher->deleteLater();
            window.statusBar()->clearMessage();
            const QString result = watcher->result();
            if (result.startsWith(QStringLiteral("error:"))) {
                window.statusBar()->showMessage(result.mid(6));
                emit window.connectionFailed(result.mid(6));
                return;
            }
            auto profile = payops::ConnectionProfile::fromUri(result, QStringLiteral("demo"));
            profile.name = QStringLiteral("demo");
            profile.backups = *backups; // billing_backup and its archive
            window.connectTo(profile, QString());
        });
    window.statusBar()->showMessage(
        QObject::tr("Starting the demo database (first start takes about a minute)…"));
    watcher->setFuture(QtConcurrent::run([backups]() -> QString {
        try {
            payops::demo::DemoCluster demo;
            demo.start(1.0, [](const QString &line) { qInfo("%s", qPrintable(line)); });
            *backups = demo.backups();
            return demo.liveUri();
        } catch (const payops::UserError &e) {
            return QStringLiteral("error:") + e.message();
        } catch (const std::exception &e) {
            return QStringLiteral("error:") + QString::fromUtf8(e.what());
        }
    }));
}

// What the screenshot shows, as text beside it (FILE.widgets.txt): the
// visible labels, buttons and current tabs, so a test can check the picture
// holds the banner, the person and a filled main view without reading pixels.
void writeWidgetTree(const QWidget &window, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return;
    QTextStream out(&file);
    for (const QWidget *widget : window.findChildren<QWidget *>()) {
        if (!widget->isVisible())
            continue;
        QString text;
        if (const auto *label = qobject_cast<const QLabel *>(widget))
            text = label->text();
        else if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
            text =
                button->text() + (button->isEnabled() ? QString() : QStringLiteral(" [disabled]"));
        else if (const auto *tabs = qobject_cast<const QTabWidget *>(widget))
            text = QStringLiteral("current tab: ") + tabs->tabText(tabs->currentIndex());
        else if (const auto *view = qobject_cast<const QAbstractItemView *>(widget))
            text = view->model() ? QStringLiteral("rows: %1").arg(view->model()->rowCount())
                                 : QStringLiteral("rows: 0");
        else
            continue;
        out << widget->metaObject()->className() << ' ' << widget->objectName() << ": "
            << text.simplified() << '\n';
    }
}

// For the README and the smoke test: once the first scan has finished and
// the signed-in person's start is on screen, grab the real screen, save it
// (and its widget tree) and quit.
void scheduleScreenshot(payops::MainWindow &window, const QString &path, int timeoutSeconds)
{
    auto grab = [&window, path] {
        const QPixmap shot = window.screen()->grabWindow(0);
        const bool saved = !shot.isNull() && shot.save(path);
        writeWidgetTree(window, path + QStringLiteral(".widgets.txt"));
        qInfo("screenshot %s: %s", saved ? "saved" : "FAILED", qPrintable(path));
        QCoreApplication::exit(saved ? 0 : 1);
    };
    // Both must have happened: the scan's end and the person's start.
    auto pending = std::make_shared<int>(2);
    auto oneDone = [pending, grab] {
        if (--*pending == 0)
            QTimer::singleShot(2000, grab); // the start's tables load meanwhile
    };
    QObject::connect(&window, &payops::MainWindow::scanFinished, &window, oneDone,
                     Qt::SingleShotConnection);
    QObject::connect(&window, &payops::MainWindow::personStartShown, &window, oneDone,
                     Qt::SingleShotConnection);
    QObject::connect(&window, &payops::MainWindow::connectionFailed, &window,
                     [](const QString &message) {
                         qCritical("cannot take the screenshot: %s", qPrintable(message));
                         QCoreApplication::exit(1);
                     });
    QTimer::singleShot(timeoutSeconds * 1000, &window, [] {
        qCritical("no screenshot: the scan did not finish in time");
        QCoreApplication::exit(1);
    });
}

// --help and --version print and quit, so they must work where no window can
// open (a terminal over ssh, a packaging check): QApplication aborts on the
// xcb plugin without a display, so those runs use the offscreen platform.
void allowHelpWithoutDisplay(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        return;
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" ||
            argument == "-v" || argument == "--version" || argument == "-?")
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
}

} // namespace

int main(int argc, char **argv)
{
    allowHelpWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("payops-console"));
    QApplication::setApplicationVersion(QStringLiteral(PAYOPS_VERSION));
    QApplication::setOrganizationName(QStringLiteral("payops"));
    // Rule 2: the GUI thread never talks to a database; a violation aborts.
    payops::db::forbidDatabaseCallsOn(app.thread());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("PayOps Incident Console"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("demo"),
                      QStringLiteral("Open the demo billing database (started if needed).")});
    parser.addOption({QStringLiteral("db"), QStringLiteral("Connect to this postgresql:// URI."),
                      QStringLiteral("URI")});
    parser.addOption(
        {QStringLiteral("environment"),
         QStringLiteral("Environment label for --db: production, staging, test or demo."),
         QStringLiteral("LABEL")});
    parser.addOption({QStringLiteral("connection"),
                      QStringLiteral("Connect with a saved connection (File → Connect…)."),
                      QStringLiteral("NAME")});
    // The old name, for one release: it meant the same saved connection.
    QCommandLineOption oldConnectionName(QStringLiteral("profile"),
                                         QStringLiteral("Old name of --connection."),
                                         QStringLiteral("NAME"));
    oldConnectionName.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(oldConnectionName);
    parser.addOption({QStringLiteral("schema-profile"),
                      QStringLiteral("Schema profile JSON of the database (default: the demo's)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("screenshot"),
                      QStringLiteral("Save a screenshot once the first scan is shown, then quit."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("screenshot-timeout"),
                      QStringLiteral("Seconds to wait for it (default 300)."),
                      QStringLiteral("SECONDS"), QStringLiteral("300")});
    parser.process(app);

    QSettings settings;
    // Earlier versions left the file readable by everyone (0644).
    payops::ProfileStore::restrictToOwner(settings);
    payops::secrets::KeychainSecretStore keychain;
    payops::MainWindow window(keychain, settings);
    QAction *demoAction = new QAction(QObject::tr("Open the &demo"), &window);
    QObject::connect(demoAction, &QAction::triggered, &window, [&window] { openDemo(window); });
    window.fileMenu()->insertAction(window.fileMenu()->actions().value(1), demoAction);
    window.showMaximized();
    if (parser.isSet(QStringLiteral("schema-profile"))) {
        try {
            window.setSchemaProfile(payops::schema::SchemaProfile::fromFile(
                parser.value(QStringLiteral("schema-profile"))));
        } catch (const payops::UserError &e) {
            // A profile that does not load runs nothing: say so and stop.
            fprintf(stderr, "%s\n", qPrintable(e.message()));
            return 2;
        }
    }

    if (parser.isSet(QStringLiteral("screenshot"))) {
        // No window manager under Xvfb: fill the screen ourselves.
        window.setGeometry(window.screen()->availableGeometry());
        scheduleScreenshot(window, parser.value(QStringLiteral("screenshot")),
                           parser.value(QStringLiteral("screenshot-timeout")).toInt());
    }

    if (parser.isSet(QStringLiteral("db"))) {
        window.connectTo(
            payops::ConnectionProfile::fromUri(parser.value(QStringLiteral("db")),
                                               parser.value(QStringLiteral("environment"))),
            QString());
    } else if (parser.isSet(QStringLiteral("connection")) ||
               parser.isSet(QStringLiteral("profile"))) {
        if (parser.isSet(QStringLiteral("profile")))
            fprintf(stderr, "--profile is now --connection; --profile will be removed in the next "
                            "release.\n");
        const QString name = parser.isSet(QStringLiteral("connection"))
                                 ? parser.value(QStringLiteral("connection"))
                                 : parser.value(QStringLiteral("profile"));
        try {
            window.connectToProfile(payops::ProfileStore(settings).profile(name));
        } catch (const payops::UserError &e) {
            window.statusBar()->showMessage(e.message());
        }
    } else if (parser.isSet(QStringLiteral("demo"))) {
        openDemo(window);
    }
    return app.exec();
}
