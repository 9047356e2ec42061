// The apology of incident 2, exported for the 475 customers it charged
// wrongly, on a copy of the demo: the operator plans the refund of the
// wrong charges into a case (which fills its roster), then support exports
//  - 475 .eml files, each to the person's own e-mail address as the
//    billing data holds it, each naming exactly the amount the plan
//    refunds to that account;
//  - the mail-merge CSV, one row a person, whose amounts add up to
//    73,271.36 USD, the incident's published total;
//  - the call scripts, one a person;
//  - a template file's message instead of the default, and only the
//    people of one status;
// and bad input (no such case, an empty roster, a folder that cannot be
// written, a malformed template, a status nobody has) is refused with
// what to do, and nothing is written.
#include "core/money.h"
#include "support/cli_run.h"
#include "support/csv_read.h"
#include "support/drill_copy.h"
#include "support/eml_read.h"
#include "support/test_demo.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "73,271.36 USD" as minor units.
qint64 minorOf(const QString &display)
{
    const QString number = display.section(u' ', 0, 0).remove(u',');
    return qint64(QString(number).remove(u'.').toLongLong());
}

int filesIn(const QString &directory)
{
    return QDir(directory).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).size();
}

} // namespace

class TestOutreachExport : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::DrillCopy> m_copy;
    QTemporaryDir m_dir;
    QString m_case;
    QMap<QString, qint64> m_refunded; // per account, from the plan

    test::CliRun as(const QString &who, QStringList arguments) const
    {
        return test::runCli(arguments << QStringLiteral("--db") << m_copy->uri(who));
    }
    test::CliRun exportAs(const QString &who, const QString &caseId, const QString &format,
                          const QString &out, const QStringList &more = {}) const
    {
        return as(who, QStringList{QStringLiteral("outreach"), QStringLiteral("export"),
                                   QStringLiteral("--case"), caseId, QStringLiteral("--format"),
                                   format, QStringLiteral("--out"), out} +
                           more);
    }
    QString out(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        qputenv("PAYOPS_PROVIDER_KEY", "sk_test_outreach");
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("outreach_export"));
        // The finding of new subscriptions on closed accounts, and their charges.
        const test::CliRun scan =
            as(QStringLiteral("oncall"),
               {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json")});
        QString rows;
        for (const QJsonValue &f :
             QJsonDocument::fromJson(scan.out).object()[QStringLiteral("findings")].toArray())
            if (f[QStringLiteral("title")].toString().contains(
                    QStringLiteral("new subscriptions on closed accounts")))
                rows = f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        QVERIFY2(!rows.isEmpty(), "no finding of new subscriptions on closed accounts");
        const QString chargesSql =
            QStringLiteral("SELECT p.id AS charge FROM payments p JOIN orders o ON o.id = "
                           "p.order_id WHERE o.subscription_id IN (SELECT f.row_key FROM (\n%1\n) "
                           "AS f)")
                .arg(rows);
        m_case = QString::fromUtf8(
                     as(QStringLiteral("oncall"),
                        {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--title"),
                         QStringLiteral("Charges on closed accounts")})
                         .out)
                     .trimmed()
                     .section(u'=', 1);
        QVERIFY(!m_case.isEmpty());
        // Where refunds would go: registered by the database owner, under a
        // name of the test's own (the demo may register its own provider).
        const test::CliRun registered =
            as(QStringLiteral("admin"),
               {QStringLiteral("allow-money"), QStringLiteral("--destination"),
                QStringLiteral("outreach-psp"), QStringLiteral("--adapter"), QStringLiteral("http"),
                QStringLiteral("--address"), QStringLiteral("http://127.0.0.1:9/"),
                QStringLiteral("--environment"),
                m_copy->value(QStringLiteral("SELECT environment FROM payops.installation"))});
        QVERIFY2(registered.exitCode == 0, registered.err.constData());
        const test::CliRun planned =
            as(QStringLiteral("oncall"),
               {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("refund"),
                QStringLiteral("--charges-of-rows"), chargesSql, QStringLiteral("--case"), m_case,
                QStringLiteral("--destination"), QStringLiteral("outreach-psp"),
                QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        QVERIFY2(planned.err.contains("475 people added to its roster"), planned.err.constData());
        const QJsonObject plan = QJsonDocument::fromJson(planned.out).object();
        QCOMPARE(plan[QStringLiteral("totals_minor")][QStringLiteral("USD")].toString(),
                 QStringLiteral("7327136"));
        for (const QJsonValue &item : plan[QStringLiteral("items")].toArray()) {
            QCOMPARE(item[QStringLiteral("currency")].toString(), QStringLiteral("USD"));
            m_refunded[item[QStringLiteral("account")].toString()] +=
                item[QStringLiteral("amount_minor")].toString().toLongLong();
        }
        QCOMPARE(m_refunded.size(), 475);
    }

    void everyCustomerGetsTheirOwnApologyAsAnEml()
    {
        const test::CliRun exported =
            exportAs(QStringLiteral("support"), m_case, QStringLiteral("eml"), out("eml"));
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QVERIFY2(exported.out.startsWith("475 .eml files for 475 people of case"),
                 exported.out.constData());
        QCOMPARE(filesIn(out("eml")), 475);
        // Every address and name as the billing data holds them, read at once.
        QMap<QString, QString> emailOf, nameOf;
        const QString table = m_copy->value(
            QStringLiteral("SELECT string_agg(id || chr(9) || email || chr(9) || display_name, "
                           "chr(10)) FROM accounts WHERE id::text IN ('%1')")
                .arg(m_refunded.keys().join(QStringLiteral("', '"))));
        for (const QString &line : table.split(u'\n')) {
            emailOf.insert(line.section(u'\t', 0, 0), line.section(u'\t', 1, 1));
            nameOf.insert(line.section(u'\t', 0, 0), line.section(u'\t', 2, 2));
        }
        QSet<QString> seen;
        QDirIterator it(out("eml"), {QStringLiteral("*.eml")}, QDir::Files);
        while (it.hasNext()) {
            const QString path = it.next();
            const QByteArray raw = readAll(path);
            QVERIFY(!raw.contains("\n\n") && raw.count('\n') == raw.count("\r\n"));
            const test::ParsedEml eml = test::parseEml(raw);
            const QString account = QString::fromLatin1(eml.header("X-PayOps-Account"));
            QVERIFY2(m_refunded.contains(account), qPrintable(path));
            QVERIFY(!seen.contains(account));
            seen.insert(account);
            QCOMPARE(QFileInfo(path).fileName(),
                     QStringLiteral("case-%1-%2.eml").arg(m_case, account));
            QCOMPARE(test::decodeHeader(eml.header("To")),
                     QStringLiteral("%1 <%2>").arg(nameOf.value(account), emailOf.value(account)));
            const QString amount =
                Money{m_refunded.value(account), QStringLiteral("USD")}.toDisplayString();
            QCOMPARE(
                test::decodeHeader(eml.header("Subject")),
                QStringLiteral("We charged you %1 by mistake and have refunded it").arg(amount));
            const QString body = QString::fromUtf8(test::decodeQuotedPrintable(eml.body));
            QVERIFY2(body.contains(QStringLiteral("charged your account %1 %2 for a subscription")
                                       .arg(account, amount)),
                     qPrintable(body));
            QVERIFY(body.contains(QStringLiteral("refunded the full %1").arg(amount)));
            QVERIFY(body.contains(QStringLiteral("case %1").arg(m_case)));
            QCOMPARE(eml.count("Message-ID"), 1);
            QCOMPARE(eml.header("Content-Transfer-Encoding"), QByteArray("quoted-printable"));
        }
        QCOMPARE(seen.size(), 475);
    }

    void theMailMergeAddsUpToTheIncidentsTotal()
    {
        const test::CliRun exported =
            exportAs(QStringLiteral("support"), m_case, QStringLiteral("csv"), out("csv"));
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const QString path = out(QStringLiteral("csv/case-%1-mail-merge.csv").arg(m_case));
        const QVector<QStringList> rows = test::readCsv(QString::fromUtf8(readAll(path)));
        QCOMPARE(rows.size(), 476);
        QCOMPARE(rows[0].mid(0, 6),
                 (QStringList{"account", "name", "email", "phone", "status", "amount"}));
        MoneyTotals total;
        QSet<QString> accounts;
        for (const QStringList &row : rows.mid(1)) {
            QCOMPARE(row.size(), 9);
            QVERIFY(row[5].endsWith(QStringLiteral(" USD")));
            QCOMPARE(minorOf(row[5]), m_refunded.value(row[0], -1));
            QCOMPARE(row[4], QStringLiteral("Not contacted"));
            QVERIFY(row[7].contains(row[5]));
            total.add(QStringLiteral("USD"), minorOf(row[5]));
            accounts.insert(row[0]);
        }
        QCOMPARE(accounts.size(), 475);
        QCOMPARE(total.toDisplayString(), QStringLiteral("73,271.36 USD"));
        // The call scripts: one a person.
        const test::CliRun calls =
            exportAs(QStringLiteral("support"), m_case, QStringLiteral("calls"), out("calls"));
        QVERIFY2(calls.exitCode == 0, calls.err.constData());
        QCOMPARE(filesIn(out("calls")), 475);
        const QString first = m_refunded.firstKey();
        const QString script = QString::fromUtf8(
            readAll(out(QStringLiteral("calls/case-%1-%2-call.txt").arg(m_case, first))));
        QVERIFY2(
            script.contains(
                QStringLiteral("Charged %1 by mistake; refunded in full.")
                    .arg(Money{m_refunded.value(first), QStringLiteral("USD")}.toDisplayString())),
            qPrintable(script));
    }

    void aTemplateAndAStatusNarrowTheExport()
    {
        const QStringList three = m_refunded.keys().mid(0, 3);
        const test::CliRun recorded =
            as(QStringLiteral("support"),
               {QStringLiteral("outreach"), QStringLiteral("record"), QStringLiteral("--case"),
                m_case, QStringLiteral("--account"), three.join(u','), QStringLiteral("--status"),
                QStringLiteral("contacted")});
        QVERIFY2(recorded.exitCode == 0, recorded.err.constData());
        QFile file(out("short.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("from: Billing care <care@shop.example>\n[subject]\nCase {case}: {amount} for "
                   "{name|you}\n[body]\nHello {name},\n{?dates}On {dates}.\nRefunded: {amount}.\n");
        file.close();
        const test::CliRun exported =
            exportAs(QStringLiteral("support"), m_case, QStringLiteral("eml"), out("contacted"),
                     {QStringLiteral("--status"), QStringLiteral("contacted"),
                      QStringLiteral("--template"), out("short.txt")});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QCOMPARE(filesIn(out("contacted")), 3);
        for (const QString &account : three) {
            const test::ParsedEml eml = test::parseEml(
                readAll(out(QStringLiteral("contacted/case-%1-%2.eml").arg(m_case, account))));
            const QString amount =
                Money{m_refunded.value(account), QStringLiteral("USD")}.toDisplayString();
            QVERIFY(test::decodeHeader(eml.header("Subject"))
                        .startsWith(QStringLiteral("Case %1: %2 for ").arg(m_case, amount)));
            QCOMPARE(eml.header("From"), QByteArray("Billing care <care@shop.example>"));
            QVERIFY(QString::fromUtf8(test::decodeQuotedPrintable(eml.body))
                        .endsWith(QStringLiteral("Refunded: %1.\r\n").arg(amount)));
        }
    }

    void badInputIsRefusedAndWritesNothing()
    {
        const auto refused = [&](const test::CliRun &run, const char *said, const QString &dir) {
            QVERIFY2(run.exitCode != 0, run.out.constData());
            QVERIFY2(run.err.contains(said), run.err.constData());
            QVERIFY2(!QFileInfo::exists(dir), qPrintable(dir));
        };
        refused(exportAs(QStringLiteral("support"), QStringLiteral("999999"), QStringLiteral("eml"),
                         out("none1")),
                "There is no case 999999. payops case list shows the cases; nothing was written.",
                out("none1"));
        const QString empty =
            QString::fromUtf8(as(QStringLiteral("oncall"),
                                 {QStringLiteral("case"), QStringLiteral("open"),
                                  QStringLiteral("--title"), QStringLiteral("Nobody yet")})
                                  .out)
                .trimmed()
                .section(u'=', 1);
        refused(exportAs(QStringLiteral("support"), empty, QStringLiteral("csv"), out("none2")),
                "has nobody on its roster. An operator's money plan with --case", out("none2"));
        QFile blocker(out("a-file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        refused(
            exportAs(QStringLiteral("support"), m_case, QStringLiteral("eml"), out("a-file/sub")),
            "Cannot write the export into", out("a-file/sub"));
        QFile bad(out("bad.txt"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("[subject]\nHi {nmae}\n[body]\nx\n");
        bad.close();
        refused(exportAs(QStringLiteral("support"), m_case, QStringLiteral("eml"), out("none3"),
                         {QStringLiteral("--template"), out("bad.txt")}),
                "is malformed: line 2: unknown field {nmae}", out("none3"));
        refused(exportAs(QStringLiteral("support"), m_case, QStringLiteral("csv"), out("none4"),
                         {QStringLiteral("--status"), QStringLiteral("agreed")}),
                "Nobody on the roster of case", out("none4"));
        const test::CliRun format =
            exportAs(QStringLiteral("support"), m_case, QStringLiteral("pdf"), out("none5"));
        QCOMPARE(format.exitCode, 2);
        QVERIFY(format.err.contains("--format is csv, eml or calls"));
        QVERIFY(!QFileInfo::exists(out("none5")));
        // Nothing stray was left anywhere in the test's folder.
        QDirIterator all(m_dir.path(), QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot,
                         QDirIterator::Subdirectories);
        while (all.hasNext())
            QVERIFY2(!all.next().contains(QStringLiteral(".payops-export-")), "a staging folder");
    }

    void cleanupTestCase() { m_copy.reset(); }
};

QTEST_GUILESS_MAIN(TestOutreachExport)
#include "test_outreach_export.moc"
