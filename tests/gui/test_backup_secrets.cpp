// A backup typed in File → Connect… as a URI with its password, as it is
// pasted from a runbook: the settings file keeps the location without the
// password, the secret store keeps the password under the backup's own
// key, and the console compares with that backup using it (offscreen, on
// the demo and its backup).
#include "core/connection_secrets.h"
#include "core/profile_store.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/backup_diff_dialog.h"
#include "widgets/connection_dialog.h"
#include "widgets/main_window.h"
#include "widgets/user_history_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace payops;

namespace {
const QString kProfile = QStringLiteral("demo as typed");
const QString kBackup = QStringLiteral("nightly");
} // namespace

class TestBackupSecrets : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console{QStringLiteral("settings.ini")};
    QString m_account; // an account both databases hold

    // Types into one cell the way an operator does: the cell's editor,
    // then Tab to the next cell (Return would also press the dialog's OK
    // before the cell is committed).
    static void typeInto(QTableWidget *table, int row, int column, const QString &text)
    {
        table->setCurrentCell(row, column);
        const QModelIndex cell = table->model()->index(row, column);
        table->edit(cell);
        auto *editor = qobject_cast<QLineEdit *>(table->indexWidget(cell));
        QVERIFY(editor);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Tab);
    }

    // Fills the open connection dialog for the demo, with one backup at
    // `location`, and presses OK. Closes it whatever happens, so exec()
    // returns; says what went wrong, if anything.
    static QString fillAndAccept(const QString &location, QString *shownLocation)
    {
        auto *dialog = qobject_cast<ConnectionDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return QStringLiteral("no connection dialog");
        const ConnectionProfile person = test::personProfile(QStringLiteral("oncall"));
        dialog->findChild<QLineEdit *>(QStringLiteral("profileNameEdit"))->setText(kProfile);
        dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(person.host);
        dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(person.port);
        dialog->findChild<QLineEdit *>(QStringLiteral("databaseEdit"))->setText(person.database);
        dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(person.user);
        dialog->findChild<QComboBox *>(QStringLiteral("environmentBox"))
            ->setCurrentText(QStringLiteral("demo"));
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("backupTable"));
        for (QPushButton *button : dialog->findChildren<QPushButton *>())
            if (button->text() == u"Add backup")
                QTest::mouseClick(button, Qt::LeftButton);
        if (table->rowCount() != 1) {
            dialog->reject();
            return QStringLiteral("no backup line to type into");
        }
        typeInto(table, 0, 0, kBackup);
        typeInto(table, 0, 1, location);
        *shownLocation = table->item(0, 1) ? table->item(0, 1)->text() : QString();
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(QStringLiteral("dialogButtons"))
                              ->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        if (dialog->result() == QDialog::Accepted)
            return {};
        const QString error =
            dialog->findChild<QLabel *>(QStringLiteral("connectionError"))->text();
        dialog->reject();
        return QStringLiteral("not accepted: ") + error;
    }

    QString storedPassword(const QString &key)
    {
        QString password;
        bool answered = false;
        QObject context;
        m_console.secrets().readPassword(key, &context, [&](const secrets::SecretResult &result) {
            password = result.ok ? result.password : QString();
            answered = true;
        });
        if (!QTest::qWaitFor([&] { return answered; }, 5000))
            qFatal("the secret store did not answer");
        return password;
    }

    static UserHistoryDialog *compareUser(MainWindow &window, const QString &account)
    {
        UserHistoryDialog *dialog = window.openUserHistory();
        if (!dialog)
            return nullptr;
        dialog->userEdit()->setText(account);
        QTest::keyClick(dialog->userEdit(), Qt::Key_Return);
        return dialog;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(test::demoCluster().isRunning(), "the demo fixture is not running");
        m_account = test::adminValue(QStringLiteral("SELECT min(id)::text FROM accounts"));
        QVERIFY(!m_account.isEmpty());
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void aBackupTypedWithItsPasswordIsSavedWithoutIt()
    {
        const QString typed = test::demoCluster().backupUri();
        QVERIFY(typed.contains(QStringLiteral("oncall:oncall@")));
        MainWindow window(m_console.secrets(), m_console.settings());
        // The profile's own password is asked for (none is in the store).
        window.askPassword = [](const QString &, bool *ok) {
            *ok = true;
            return QStringLiteral("oncall");
        };
        window.show();
        QSignalSpy connected(&window, &MainWindow::connected);
        QString problem = QStringLiteral("the dialog never opened");
        QString shown;
        QTimer::singleShot(0, &window, [&] { problem = fillAndAccept(typed, &shown); });
        // File → Connect…, modal: the timer above fills it meanwhile.
        window.fileMenu()->actions().value(0)->trigger();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // The line shows the location without the password as soon as it is typed.
        QCOMPARE(shown, withoutPassword(typed));

        // The settings file: the location, never the password.
        m_console.settings().sync();
        QFile file(m_console.settings().fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains("oncall:oncall") && !bytes.contains(":oncall@"),
                 bytes.constData());
        const ConnectionProfile saved = ProfileStore(m_console.settings()).profile(kProfile);
        QCOMPARE(saved.backups.size(), 1);
        QCOMPARE(saved.backups[0].name, kBackup);
        QCOMPARE(saved.backups[0].location, withoutPassword(typed));

        // The password: in the secret store, under the backup's own key.
        const QString key = saved.backups[0].secretKey(kProfile);
        QVERIFY(key != saved.secretKey());
        QCOMPARE(storedPassword(key), QStringLiteral("oncall"));

        // The console compares with the backup using it: the location alone
        // would not do (the demo asks oncall for a password).
        QVERIFY(connected.count() > 0 || connected.wait(60000));
        UserHistoryDialog *history = compareUser(window, m_account);
        QVERIFY(history);
        QVERIFY(!history->windowTitle().contains(QStringLiteral(":oncall@")));
        QVERIFY2(
            QTest::qWaitFor([history] { return history->tree()->topLevelItemCount() > 0; }, 60000),
            qPrintable(history->statusText()));
        delete history;

        // The whole-database comparison too, through the same key.
        BackupDiffDialog *diff = window.openBackupDiff();
        QVERIFY(diff);
        QCOMPARE(diff->backupBox()->currentText(), kBackup);
        QSignalSpy finished(&window, &MainWindow::backupDiffFinished);
        QTest::mouseClick(diff->compareButton(), Qt::LeftButton);
        QVERIFY2(finished.wait(240000), qPrintable(diff->statusText()));
        QVERIFY(!diff->statusText().contains(QStringLiteral(":oncall@")));
        delete diff;

        // And without the stored password the same backup is refused: it
        // really came from the store.
        bool deleted = false;
        m_console.secrets().deletePassword(key, &window,
                                           [&](const secrets::SecretResult &) { deleted = true; });
        QVERIFY(QTest::qWaitFor([&] { return deleted; }, 5000));
        history = compareUser(window, m_account);
        QVERIFY(history);
        QVERIFY2(
            QTest::qWaitFor(
                [history] { return history->statusText().contains(QStringLiteral("password")); },
                60000),
            qPrintable(history->statusText()));
        QCOMPARE(history->tree()->topLevelItemCount(), 0);
        QVERIFY(!history->statusText().contains(QStringLiteral("oncall:oncall")));
    }
};

QTEST_MAIN(TestBackupSecrets)
#include "test_backup_secrets.moc"
