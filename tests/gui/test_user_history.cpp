// The per-user comparison as support and on-call use it: one affected user
// of an incident, their records in a tree, what changed field by field,
// picked among namesakes, exported and printed (offscreen, on the demo and
// its backup).
#include "report/user_report_html.h"
#include "support/console_fixture.h"
#include "support/csv_read.h"
#include "support/demo_truth.h"
#include "support/test_demo.h"
#include "widgets/main_window.h"
#include "widgets/user_history_dialog.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPrinter>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QTreeWidget>

using namespace payops;

class TestUserHistory : public QObject
{
    Q_OBJECT

    test::ConsoleFixture m_console;
    QString m_conversation;     // one conversation the overwrite changed
    QString m_conversationUser; // and its owner
    QVector<BackupSource> m_demoBackups;
    // Per incident: one affected user and what the demo recorded for them
    // ("table|kind|key" -> changed columns).
    QMap<QString, std::pair<QString, QHash<QString, QStringList>>> m_incidentUsers;
    QString m_assigneeBefore;            // its assignee in the backup, as JSON text
    QString m_assigneeAfter;             // and live
    QString m_ownerName;                 // the owner's display name
    QHash<QString, QString> m_namesakes; // every account whose name holds it -> its e-mail

    std::unique_ptr<MainWindow> connectedWindow(const QVector<BackupSource> &backups)
    {
        ConnectionProfile profile = test::personProfile(QStringLiteral("support"));
        profile.backups = backups;
        return m_console.connectedWindow(profile, QStringLiteral("support"),
                                         test::ConsoleFixture::Show::Yes);
    }

    // The record line of one key in one table's branch, or nullptr.
    static QTreeWidgetItem *record(QTreeWidget *tree, const QString &table, const QString &key)
    {
        for (int t = 0; t < tree->topLevelItemCount(); ++t)
            if (tree->topLevelItem(t)->text(0) == table)
                for (int r = 0; r < tree->topLevelItem(t)->childCount(); ++r)
                    if (tree->topLevelItem(t)->child(r)->text(0) == key)
                        return tree->topLevelItem(t)->child(r);
        return nullptr;
    }

    // The keys of the accounts branch: the one account compared.
    static QStringList accountsShown(QTreeWidget *tree)
    {
        QStringList keys;
        for (int t = 0; t < tree->topLevelItemCount(); ++t)
            if (tree->topLevelItem(t)->text(0) == u"accounts")
                for (int r = 0; r < tree->topLevelItem(t)->childCount(); ++r)
                    keys << tree->topLevelItem(t)->child(r)->text(0);
        return keys;
    }

    static QString accountKey(const QString &id) { return QStringLiteral("{\"id\": %1}").arg(id); }

    // The changed field `column` under a record line, or nullptr.
    static QTreeWidgetItem *field(QTreeWidgetItem *record, const QString &column)
    {
        for (int i = 0; record && i < record->childCount(); ++i)
            if (record->child(i)->text(0) == column)
                return record->child(i);
        return nullptr;
    }

    // A value as the tree shows it (JSON text) as a JSON value.
    static QJsonValue jsonOf(const QString &text)
    {
        return QJsonDocument::fromJson(QStringLiteral("[%1]").arg(text).toUtf8()).array().at(0);
    }

    static UserHistoryDialog *compare(MainWindow &window, const QString &user)
    {
        UserHistoryDialog *dialog = window.openUserHistory();
        if (!dialog)
            return nullptr;
        dialog->userEdit()->setText(user);
        QTest::keyClick(dialog->userEdit(), Qt::Key_Return);
        if (!QTest::qWaitFor([dialog] { return dialog->tree()->topLevelItemCount() > 0; }, 60000))
            return nullptr;
        return dialog;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(test::demoCluster().isRunning(), "the demo fixture is not running");
        // The ground truth is read before the GUI thread is guarded.
        m_conversation = test::adminValue(
            QStringLiteral("SELECT pk ->> 'id' FROM demo_truth.changes WHERE actor = "
                           "'overwritten_conversations' ORDER BY seq LIMIT 1"));
        m_conversationUser = test::adminValue(
            QStringLiteral("SELECT account_id FROM support_conversations WHERE id = %1")
                .arg(m_conversation));
        const QString assignee =
            QStringLiteral(
                "SELECT to_jsonb(assignee)::text FROM support_conversations WHERE id = %1")
                .arg(m_conversation);
        m_assigneeBefore = test::adminValue(assignee, QStringLiteral("billing_backup"));
        m_assigneeAfter = test::adminValue(assignee);
        QVERIFY(m_assigneeBefore != m_assigneeAfter);
        m_ownerName =
            test::adminValue(QStringLiteral("SELECT display_name FROM accounts WHERE id = %1")
                                 .arg(m_conversationUser));
        for (const QString &database :
             {QStringLiteral("billing"), QStringLiteral("billing_backup")})
            for (const auto &row :
                 test::adminSession(database)
                     ->query(QStringLiteral("SELECT id::text, email FROM accounts WHERE "
                                            "strpos(lower(display_name), lower($1)) > 0"),
                             {m_ownerName})
                     .rows)
                m_namesakes.insert(row[0], row[1]);
        QVERIFY2(m_namesakes.size() > 1, qPrintable(m_ownerName));
        m_demoBackups = test::demoCluster().backups(); // billing_backup and its archive
        const auto netChanges = test::netChangesSinceBackup();
        const auto users = test::firstUserOfEachIncident();
        for (auto it = users.cbegin(); it != users.cend(); ++it)
            m_incidentUsers.insert(it.key(),
                                   {it.value(), test::netChangesOfUser(netChanges, it.value())});
        QCOMPARE(m_incidentUsers.size(), 5);
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void aDeletedAccountsOwnerSeesEverythingMovedAway()
    {
        // Account 29: deleted by the broken sync job, its records
        // re-parented to the sentinel account 1.
        auto window = connectedWindow(m_demoBackups);
        UserHistoryDialog *dialog = compare(*window, QStringLiteral("29"));
        QVERIFY(dialog);
        QTreeWidgetItem *account =
            record(dialog->tree(), QStringLiteral("accounts"), QStringLiteral("{\"id\": 29}"));
        QVERIFY(account);
        QCOMPARE(account->text(1), QStringLiteral("deleted"));
        QTreeWidgetItem *invoice = record(dialog->tree(), QStringLiteral("invoices"),
                                          QStringLiteral("{\"id\": 1000002910}"));
        QVERIFY(invoice);
        QCOMPARE(invoice->text(1), QStringLiteral("changed"));
        QCOMPARE(invoice->childCount(), 1);
        QCOMPARE(invoice->child(0)->text(0), QStringLiteral("account_id"));
        QCOMPARE(invoice->child(0)->text(2), QStringLiteral("29"));
        QCOMPARE(invoice->child(0)->text(3), QStringLiteral("1"));
        QTreeWidgetItem *event = record(dialog->tree(), QStringLiteral("account_events"),
                                        QStringLiteral("{\"id\": 294}"));
        QVERIFY(event);
        // The deletion's own event. Its time column ("at") is not one the
        // console knows to date rows by, so it cannot be called new.
        QCOMPARE(event->text(1), QStringLiteral("created"));
    }

    void eachIncidentsUserSeesWhatTheDemoRecordedFieldByField()
    {
        auto window = connectedWindow(m_demoBackups);
        for (auto it = m_incidentUsers.cbegin(); it != m_incidentUsers.cend(); ++it) {
            const auto &[user, expected] = it.value();
            QVERIFY2(!expected.isEmpty(), qPrintable(it.key()));
            UserHistoryDialog *dialog = compare(*window, user);
            QVERIFY2(dialog, qPrintable(it.key()));
            // What the tree shows: each record not the same, and under a
            // changed one the fields, as "table|kind|key" -> fields.
            QHash<QString, QStringList> shown;
            QTreeWidget *tree = dialog->tree();
            for (int t = 0; t < tree->topLevelItemCount(); ++t) {
                QTreeWidgetItem *table = tree->topLevelItem(t);
                for (int r = 0; r < table->childCount(); ++r) {
                    QTreeWidgetItem *record = table->child(r);
                    const QString kind = record->data(1, Qt::UserRole).toString();
                    if (kind == u"same")
                        continue;
                    QStringList fields;
                    for (int f = 0; f < record->childCount(); ++f)
                        fields << record->child(f)->text(0);
                    fields.sort();
                    shown.insert(table->text(0) + QLatin1Char('|') + kind + QLatin1Char('|') +
                                     record->text(0),
                                 fields);
                }
            }
            QStringList differences;
            for (auto e = expected.cbegin(); e != expected.cend(); ++e)
                if (!shown.contains(e.key()))
                    differences << QStringLiteral("missing ") + e.key();
                else if (e.key().contains(QStringLiteral("|changed|")) &&
                         shown.value(e.key()) != e.value())
                    differences << QStringLiteral("%1: fields %2, recorded %3")
                                       .arg(e.key(), shown.value(e.key()).join(QLatin1Char(',')),
                                            e.value().join(QLatin1Char(',')));
            for (auto s = shown.cbegin(); s != shown.cend(); ++s)
                if (!expected.contains(s.key()))
                    differences << QStringLiteral("extra ") + s.key();
            QVERIFY2(differences.isEmpty(),
                     qPrintable(QStringLiteral("%1, user %2: %3")
                                    .arg(it.key(), user,
                                         differences.mid(0, 5).join(QStringLiteral("; ")))));
            dialog->close();
        }
    }

    void anOverwrittenConversationShowsItsOldAndNewStatus()
    {
        auto window = connectedWindow(m_demoBackups);
        const QString &conversation = m_conversation;
        const QString &user = m_conversationUser;
        UserHistoryDialog *dialog = compare(*window, user);
        QVERIFY(dialog);
        QTreeWidgetItem *row = record(dialog->tree(), QStringLiteral("support_conversations"),
                                      QStringLiteral("{\"id\": %1}").arg(conversation));
        QVERIFY(row);
        QCOMPARE(row->text(1), QStringLiteral("changed"));
        QStringList fields;
        for (int i = 0; i < row->childCount(); ++i)
            fields << row->child(i)->text(0);
        QVERIFY2(fields.contains(QStringLiteral("assignee")) &&
                     fields.contains(QStringLiteral("updated_at")),
                 qPrintable(fields.join(QLatin1Char(' '))));
        for (int i = 0; i < row->childCount(); ++i)
            if (row->child(i)->text(0) == u"assignee")
                QVERIFY(row->child(i)->text(3).startsWith(QStringLiteral("\"qa-bot-")));
    }

    void aDeletedAccountIsFoundByItsEmailInTheBackup()
    {
        // Support has the customer's e-mail, and the account is gone live.
        auto window = connectedWindow(m_demoBackups);
        UserHistoryDialog *dialog = compare(*window, QStringLiteral("USER29@example.cn"));
        QVERIFY(dialog);
        QTreeWidgetItem *account =
            record(dialog->tree(), QStringLiteral("accounts"), QStringLiteral("{\"id\": 29}"));
        QVERIFY(account);
        QCOMPARE(account->text(1), QStringLiteral("deleted"));
        QVERIFY(!dialog->matchPick()->isVisible()); // one match: nothing to pick
    }

    void severalNamesakesArePickedFrom()
    {
        // Support has the customer's name, which several accounts share.
        auto window = connectedWindow(m_demoBackups);
        UserHistoryDialog *dialog = compare(*window, m_ownerName);
        QVERIFY(dialog);
        QComboBox *pick = dialog->matchPick();
        QVERIFY(pick->isVisible());
        QVERIFY2(pick->count() > 1, qPrintable(dialog->statusText()));
        const int count = pick->count();
        const QString first = pick->itemData(0).toString();
        const QString second = pick->itemData(1).toString();
        QVERIFY2(m_namesakes.contains(first) && m_namesakes.contains(second),
                 qPrintable(first + QLatin1Char(' ') + second));
        // Each match says which account it is: key, e-mail and name.
        QVERIFY2(pick->itemText(1).startsWith(second) &&
                     pick->itemText(1).contains(m_namesakes.value(second)) &&
                     pick->itemText(1).contains(m_ownerName),
                 qPrintable(pick->itemText(1)));
        QCOMPARE(accountsShown(dialog->tree()), QStringList{accountKey(first)});
        QCOMPARE(dialog->windowTitle(), QStringLiteral("A user's records against billing_backup"));
        const QString note = dialog->findChild<QLabel *>(QStringLiteral("userMatchNote"))->text();
        QVERIFY2(note.contains(QStringLiteral("%1 accounts match").arg(count)) ||
                     note.contains(QStringLiteral("%1 or more accounts match").arg(count)),
                 qPrintable(note));

        // The operator picks the second: its records replace the first's.
        pick->setFocus();
        QTest::keyClick(pick, Qt::Key_Down);
        QVERIFY2(
            QTest::qWaitFor(
                [&] { return accountsShown(dialog->tree()) == QStringList{accountKey(second)}; },
                60000),
            qPrintable(dialog->statusText()));
        QVERIFY2(dialog->statusText().startsWith(QStringLiteral("User %1:").arg(second)),
                 qPrintable(dialog->statusText()));
        QCOMPARE(pick->count(), count); // the list stays for another pick
        QCOMPARE(pick->currentIndex(), 1);
    }

    void anAffectedUsersRecordsExportAsTheTreeShowsThem()
    {
        auto window = connectedWindow(m_demoBackups);
        UserHistoryDialog *dialog = compare(*window, m_conversationUser);
        QVERIFY(dialog);
        QTreeWidgetItem *row = record(dialog->tree(), QStringLiteral("support_conversations"),
                                      accountKey(m_conversation));
        QTreeWidgetItem *assignee = field(row, QStringLiteral("assignee"));
        QVERIFY(assignee);
        QCOMPARE(assignee->text(2), m_assigneeBefore);
        QCOMPARE(assignee->text(3), m_assigneeAfter);
        // What the tree shows: its records, and a CSV line per changed
        // field or per record without any.
        int records = 0, lines = 0;
        for (int t = 0; t < dialog->tree()->topLevelItemCount(); ++t)
            for (int r = 0; r < dialog->tree()->topLevelItem(t)->childCount(); ++r) {
                ++records;
                lines += qMax(1, dialog->tree()->topLevelItem(t)->child(r)->childCount());
            }

        QTemporaryDir out;
        QStringList suggested;
        dialog->askSavePath = [&](const QString &, const QString &name, const QString &) {
            suggested << name;
            return out.filePath(name);
        };
        dialog->findChild<QPushButton *>(QStringLiteral("exportJsonButton"))->click();
        dialog->findChild<QPushButton *>(QStringLiteral("exportCsvButton"))->click();
        QCOMPARE(suggested.size(), 2);
        QVERIFY2(suggested[0].contains(m_conversationUser) && suggested[0].endsWith(".json"),
                 qPrintable(suggested[0]));
        QVERIFY2(dialog->statusText().contains(QStringLiteral("Saved")),
                 qPrintable(dialog->statusText()));

        QFile jsonFile(out.filePath(suggested[0]));
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QCOMPARE(json.value("user").toString(), m_conversationUser);
        QCOMPARE(json.value("backup").toString(), QStringLiteral("billing_backup"));
        const QDateTime exportedAt =
            QDateTime::fromString(json.value("exported_at").toString(), Qt::ISODate);
        QVERIFY(qAbs(exportedAt.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        QCOMPARE(json.value("records").toArray().size(), records);
        QJsonObject conversation;
        for (const QJsonValue &r : json.value("records").toArray())
            if (r.toObject().value("table").toString() == u"support_conversations" &&
                r.toObject().value("key").toObject().value("id").toInteger() ==
                    m_conversation.toLongLong())
                conversation = r.toObject();
        QCOMPARE(conversation.value("change").toString(), QStringLiteral("changed"));
        QJsonObject assigneeChange;
        for (const QJsonValue &c : conversation.value("changes").toArray())
            if (c.toObject().value("column").toString() == u"assignee")
                assigneeChange = c.toObject();
        QCOMPARE(assigneeChange.value("backup"), jsonOf(assignee->text(2)));
        QCOMPARE(assigneeChange.value("live"), jsonOf(assignee->text(3)));
        QCOMPARE(conversation.value("before").toObject().value("assignee"),
                 jsonOf(m_assigneeBefore));
        QCOMPARE(conversation.value("after").toObject().value("assignee"), jsonOf(m_assigneeAfter));

        QFile csvFile(out.filePath(suggested[1]));
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QVector<QStringList> csv = test::readCsv(QString::fromUtf8(csvFile.readAll()));
        QCOMPARE(csv.value(0), (QStringList{"table", "key", "change", "field", "backup", "live"}));
        QCOMPARE(csv.size() - 1, lines);
        const QStringList expected{QStringLiteral("support_conversations"),
                                   accountKey(m_conversation),
                                   QStringLiteral("changed"),
                                   QStringLiteral("assignee"),
                                   assignee->text(2),
                                   assignee->text(3)};
        QVERIFY2(csv.contains(expected), qPrintable(expected.join(QLatin1Char(','))));

        // A folder that does not exist: nothing written, and it says so.
        dialog->askSavePath = [&](const QString &, const QString &, const QString &) {
            return out.filePath(QStringLiteral("missing/user.csv"));
        };
        dialog->findChild<QPushButton *>(QStringLiteral("exportCsvButton"))->click();
        QVERIFY2(dialog->statusText().contains(QStringLiteral("Could not write")) &&
                     dialog->statusText().contains(QStringLiteral("Choose another")),
                 qPrintable(dialog->statusText()));
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("missing/user.csv"))));
    }

    void anAffectedUsersReportPrints()
    {
        auto window = connectedWindow(m_demoBackups);
        UserHistoryDialog *dialog = compare(*window, m_conversationUser);
        QVERIFY(dialog);
        // The printed document says who, against what, and the changed
        // field with both values.
        QTextDocument document;
        document.setHtml(report::userReportHtml(dialog->report()));
        const QString text = document.toPlainText();
        QVERIFY2(text.contains(QStringLiteral("User %1 against the backup billing_backup")
                                   .arg(m_conversationUser)),
                 qPrintable(text.left(200)));
        // The changed field's line: its name, then the backup and live values.
        const QRegularExpression assigneeLine(
            QStringLiteral("assignee\\s+%1\\s+%2")
                .arg(QRegularExpression::escape(m_assigneeBefore),
                     QRegularExpression::escape(m_assigneeAfter)));
        QVERIFY2(text.contains(assigneeLine), qPrintable(assigneeLine.pattern()));

        QTemporaryDir out;
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(out.filePath(QStringLiteral("user.pdf")));
        dialog->printTo(printer);
        QFile pdf(out.filePath(QStringLiteral("user.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY2(pdf.size() > 1000, qPrintable(QString::number(pdf.size())));
        QVERIFY(pdf.read(5) == "%PDF-");
    }

    void withoutABackupItSaysWhatToDo()
    {
        auto window = connectedWindow({});
        QVERIFY(!window->openUserHistory());
        QVERIFY2(window->lastMessage().contains(QStringLiteral("names no backup")),
                 qPrintable(window->lastMessage()));
    }
};

QTEST_MAIN(TestUserHistory)
#include "test_user_history.moc"
