// Incident 1's customers on a roster, on a copy of the demo: the sync job
// deleted 312 accounts, so the live data no longer has their names,
// e-mails or phones. payops outreach add of the deleted-accounts finding's
// users
//  - without a backup puts them on the roster with no contact details,
//    and says so;
//  - with --backup billing_backup (the demo's backup of before the
//    deletions) gives each the name, e-mail and phone the backup's row
//    holds, and the roster says they come from that backup of 10 April
//    (its list as JSON, and each call script);
//  - with a backup name nobody knows, or a database that is no backup of
//    this one, is refused saying what to do, and adds nobody.
// And the demo's accounts have phone numbers, which the roster carries.
#include "support/cli_run.h"
#include "support/drill_copy.h"
#include "support/test_demo.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace payops;

class TestOutreachBackup : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::DrillCopy> m_copy;
    QTemporaryDir m_dir;
    QString m_rows;          // the deleted-accounts finding's rows SQL
    QSet<QString> m_victims; // the 312 accounts, as the demo recorded them
    // Per deleted account, its row in the backup: name, e-mail, phone.
    QMap<QString, QStringList> m_backupRow;

    test::CliRun as(const QString &who, QStringList arguments) const
    {
        return test::runCli(arguments << QStringLiteral("--db") << m_copy->uri(who));
    }
    QString openCase(const QString &title) const
    {
        const test::CliRun run =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--title"), title});
        if (run.exitCode != 0)
            qFatal("payops case open failed: %s", run.err.constData());
        return QString::fromUtf8(run.out).trimmed().section(u'=', 1);
    }
    test::CliRun add(const QString &caseId, const QStringList &more = {}) const
    {
        return as(QStringLiteral("support"),
                  QStringList{QStringLiteral("outreach"), QStringLiteral("add"),
                              QStringLiteral("--case"), caseId, QStringLiteral("--users-of-rows"),
                              m_rows, QStringLiteral("--incident"),
                              QStringLiteral("account deleted by the sync job")} +
                      more);
    }
    // The roster as payops outreach list --format json gives it, by account.
    QMap<QString, QJsonObject> roster(const QString &caseId) const
    {
        const test::CliRun listed =
            as(QStringLiteral("support"),
               {QStringLiteral("outreach"), QStringLiteral("list"), QStringLiteral("--case"),
                caseId, QStringLiteral("--format"), QStringLiteral("json")});
        QMap<QString, QJsonObject> people;
        for (const QJsonValue &p :
             QJsonDocument::fromJson(listed.out).object()[QStringLiteral("people")].toArray())
            people.insert(p[QStringLiteral("account")].toString(), p.toObject());
        return people;
    }

private slots:
    void initTestCase()
    {
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("outreach_backup"));
        for (const QJsonValue &v : test::manifest()[QStringLiteral("incidents")][QStringLiteral(
                 "account_deletions")][QStringLiteral("users")]
                                       .toArray())
            m_victims.insert(QString::number(v.toInteger()));
        QCOMPARE(m_victims.size(), 312);
        const test::CliRun scan =
            as(QStringLiteral("oncall"),
               {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json")});
        for (const QJsonValue &f :
             QJsonDocument::fromJson(scan.out).object()[QStringLiteral("findings")].toArray()) {
            const QString title = f[QStringLiteral("title")].toString();
            if (title.contains(QStringLiteral("account deletions")) &&
                title.contains(QStringLiteral("sync-job")))
                m_rows = f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        }
        QVERIFY2(!m_rows.isEmpty(), "no finding of the sync job's account deletions");
        // The backup's own rows of the deleted accounts, read as its owner.
        const QString rows = test::adminValue(
            QStringLiteral("SELECT string_agg(id || chr(9) || display_name || chr(9) || email || "
                           "chr(9) || coalesce(phone, ''), chr(10)) FROM accounts WHERE id::text "
                           "IN ('%1')")
                .arg(
                    QStringList(m_victims.cbegin(), m_victims.cend()).join(QStringLiteral("', '"))),
            QStringLiteral("billing_backup"));
        for (const QString &line : rows.split(u'\n'))
            m_backupRow.insert(line.section(u'\t', 0, 0), line.split(u'\t').mid(1));
        QCOMPARE(m_backupRow.size(), 312);
        // Live holds none of them any more.
        QCOMPARE(m_copy->value(QStringLiteral("SELECT count(*) FROM accounts WHERE id::text IN "
                                              "('%1')")
                                   .arg(m_backupRow.keys().join(QStringLiteral("', '")))),
                 QStringLiteral("0"));
    }

    void theDemosAccountsHavePhoneNumbers()
    {
        // About nine in ten, in the country of their currency.
        const int accounts = m_copy
                                 ->value(QStringLiteral("SELECT count(*) FROM accounts WHERE "
                                                        "NOT is_sentinel"))
                                 .toInt();
        const int withPhone =
            m_copy->value(QStringLiteral("SELECT count(phone) FROM accounts")).toInt();
        QVERIFY2(withPhone > accounts * 0.85 && withPhone < accounts * 0.95,
                 qPrintable(QStringLiteral("%1 of %2").arg(withPhone).arg(accounts)));
        QCOMPARE(m_copy->value(QStringLiteral(
                     "SELECT count(*) FROM accounts WHERE phone IS NOT NULL AND NOT (CASE currency "
                     "WHEN 'USD' THEN phone ~ '^\\+1 555 [0-9]{3} [0-9]{4}$' WHEN 'EUR' THEN phone "
                     "~ '^\\+49 30 [0-9]{7}$' WHEN 'RUB' THEN phone ~ "
                     "'^\\+7 495 [0-9]{3}-[0-9]{2}-[0-9]{2}$' ELSE phone ~ "
                     "'^\\+86 138 [0-9]{4} [0-9]{4}$' END)")),
                 QStringLiteral("0"));
    }

    void withoutABackupTheDeletedHaveNoContactDetails()
    {
        const QString caseId = openCase(QStringLiteral("Deleted accounts, live contacts only"));
        const test::CliRun added = add(caseId);
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QVERIFY2(added.out.contains("312 people added to the roster"), added.out.constData());
        QVERIFY2(added.out.contains("312 accounts are no longer in the live data and have no "
                                    "contact details: --backup NAME"),
                 added.out.constData());
        const QMap<QString, QJsonObject> people = roster(caseId);
        QCOMPARE(people.size(), 312);
        for (const QJsonObject &p : people) {
            QVERIFY(p[QStringLiteral("name")].toString().isEmpty());
            QVERIFY(p[QStringLiteral("email")].toString().isEmpty());
            QCOMPARE(p[QStringLiteral("impact")][QStringLiteral("contacts")][QStringLiteral("from")]
                         .toString(),
                     QStringLiteral("none"));
        }
    }

    void theBackupGivesTheDeletedTheirContactDetails()
    {
        const QString caseId = openCase(QStringLiteral("Accounts deleted by the sync job"));
        const test::CliRun added =
            add(caseId, {QStringLiteral("--backup"), QStringLiteral("billing_backup")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QVERIFY2(added.out.contains("312 people added to the roster of case"),
                 added.out.constData());
        QVERIFY2(added.out.contains("312 accounts are no longer in the live data: their contact "
                                    "details come from backup billing_backup."),
                 added.out.constData());
        const QMap<QString, QJsonObject> people = roster(caseId);
        QCOMPARE(QSet<QString>(people.keyBegin(), people.keyEnd()), m_victims);
        int phones = 0;
        for (auto it = people.cbegin(); it != people.cend(); ++it) {
            const QStringList backup = m_backupRow.value(it.key());
            QCOMPARE(it.value()[QStringLiteral("name")].toString(), backup.value(0));
            QCOMPARE(it.value()[QStringLiteral("email")].toString(), backup.value(1));
            QCOMPARE(it.value()[QStringLiteral("phone")].toString(), backup.value(2));
            phones += !backup.value(2).isEmpty();
            const QJsonObject from =
                it.value()[QStringLiteral("impact")][QStringLiteral("contacts")].toObject();
            QCOMPARE(from[QStringLiteral("from")].toString(), QStringLiteral("backup"));
            QCOMPARE(from[QStringLiteral("backup")].toString(), QStringLiteral("billing_backup"));
            QCOMPARE(from[QStringLiteral("taken_at")].toString(),
                     QStringLiteral("2026-04-10T00:00:00Z"));
        }
        QVERIFY2(phones > 250, qPrintable(QString::number(phones)));

        // Support calling one of them reads the number, and where it is from.
        QString account;
        for (auto it = m_backupRow.cbegin(); it != m_backupRow.cend() && account.isEmpty(); ++it)
            if (!it.value().value(2).isEmpty())
                account = it.key();
        const QString out = m_dir.filePath(QStringLiteral("calls"));
        const test::CliRun calls = as(QStringLiteral("support"),
                                      {QStringLiteral("outreach"), QStringLiteral("export"),
                                       QStringLiteral("--case"), caseId, QStringLiteral("--format"),
                                       QStringLiteral("calls"), QStringLiteral("--out"), out});
        QVERIFY2(calls.exitCode == 0, calls.err.constData());
        QFile script(
            QDir(out).filePath(QStringLiteral("case-%1-%2-call.txt").arg(caseId, account)));
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(script.readAll());
        QVERIFY2(text.contains(QStringLiteral("Number:     %1\n").arg(m_backupRow[account][2])),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Contact details from backup billing_backup of 10 "
                                              "April 2026 00:00 UTC: the account is no longer in "
                                              "the live data.")),
                 qPrintable(text));
    }

    void aWrongBackupIsRefusedAndAddsNobody()
    {
        const QString caseId = openCase(QStringLiteral("Wrong backups"));
        const test::CliRun unknown =
            add(caseId, {QStringLiteral("--backup"), QStringLiteral("nightly-2026-04-09")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("\"nightly-2026-04-09\" is neither a postgresql:// URI"),
                 unknown.err.constData());
        QVERIFY(unknown.err.contains("the demo's are called billing_backup"));
        QCOMPARE(roster(caseId).size(), 0);

        // A database that is no backup of this one: the demo's postgres.
        const test::CliRun other =
            add(caseId, {QStringLiteral("--backup"),
                         test::demoCluster().socketUri(QStringLiteral("oncall:oncall"),
                                                       QStringLiteral("postgres"))});
        QCOMPARE(other.exitCode, 1);
        QVERIFY2(other.err.contains("is not a backup of this database: There is no table "
                                    "public.payments here."),
                 other.err.constData());
        QVERIFY(other.err.contains("Name a backup of this very database"));
        QVERIFY(other.err.contains("nobody was added."));
        QCOMPARE(roster(caseId).size(), 0);
    }

    void cleanupTestCase() { m_copy.reset(); }
};

QTEST_GUILESS_MAIN(TestOutreachBackup)
#include "test_outreach_backup.moc"
