// `payops scan` and `payops profile` as cron, CI and an operator use them:
// every detector at once, a recent window, exit statuses, and bad profiles
// refused with one clear message before anything runs.
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;
using test::runCli;

class TestScanCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(name));
        return file.fileName();
    }

    // The demo profile with one text replaced.
    QString demoProfileWith(const QString &name, const QByteArray &from, const QByteArray &to)
    {
        QFile source(QStringLiteral(PAYOPS_SOURCE_DIR "/resources/profiles/demo.json"));
        if (!source.open(QIODevice::ReadOnly))
            qFatal("no demo profile");
        QByteArray json = source.readAll();
        if (!json.contains(from))
            qFatal("the demo profile has no %s", from.constData());
        json.replace(from, to);
        return writeFile(name, json);
    }

    QStringList live() { return {QStringLiteral("--db"), test::demoCluster().liveUri()}; }

private slots:
    void aRecentWindowScanAlertsCron()
    {
        const auto run =
            runCli(QStringList{QStringLiteral("scan"), QStringLiteral("--since"),
                               QStringLiteral("2026-04-18T11:00:00Z"), QStringLiteral("--until"),
                               QStringLiteral("2026-04-18T12:00:00Z"), QStringLiteral("--format"),
                               QStringLiteral("json"), QStringLiteral("--fail-on"),
                               QStringLiteral("high")} +
                   live());
        QCOMPARE(run.exitCode, 3);
        const QJsonObject scan = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(scan.value(QStringLiteral("since")).toString(),
                 QStringLiteral("2026-04-18T11:00:00Z"));
        QCOMPARE(scan.value(QStringLiteral("detectors")).toArray().size(), 6);
        bool staging = false;
        for (const QJsonValue &f : scan.value(QStringLiteral("findings")).toArray())
            staging = staging || f.toObject().value(QStringLiteral("dimension")).toString() ==
                                     u"source_env = staging";
        QVERIFY(staging);
        // An ordinary hour: no payout paid twice, no mix shifted, nothing
        // to alert on; and findings outside the window stay out of it.
        const auto quiet =
            runCli(QStringList{QStringLiteral("scan"), QStringLiteral("--detector"),
                               QStringLiteral("duplicates"), QStringLiteral("--detector"),
                               QStringLiteral("shares"), QStringLiteral("--since"),
                               QStringLiteral("2026-02-10 03:00"), QStringLiteral("--until"),
                               QStringLiteral("2026-02-10 04:00"), QStringLiteral("--fail-on"),
                               QStringLiteral("high")} +
                   live());
        QVERIFY2(quiet.exitCode == 0, quiet.out.constData());
        QVERIFY(quiet.out.contains("No findings"));
    }

    // What demo.sh shows a newcomer: the findings, then a summary as the
    // last lines on screen, and no SQL unless asked for.
    void theTextScanEndsWithASummaryAndHoldsNoSql()
    {
        const auto run = runCli(QStringList{QStringLiteral("scan")} + live());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(!out.contains(QStringLiteral("SELECT"), Qt::CaseInsensitive), run.out.constData());
        // Generated sentences read as English: no "a assignee", no "1 values".
        const QRegularExpression badArticle(QStringLiteral("\\ba [aeio]"));
        QVERIFY2(!out.contains(badArticle), qPrintable(badArticle.match(out).captured()));
        const QRegularExpression pluralOfOne(
            QStringLiteral("\\(?\\b1 [a-z ]*(values|users|rows)\\b"));
        const auto one = pluralOfOne.match(out);
        QVERIFY2(!one.hasMatch(), qPrintable(one.captured()));
        const QStringList lines = out.trimmed().split(u'\n');
        QVERIFY(lines.size() > 3);
        const QString summary = lines.at(lines.size() - 3);
        QVERIFY2(summary.startsWith(QStringLiteral("Summary: ")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral(" high")), qPrintable(summary));
        QVERIFY2(!summary.contains(QStringLiteral("1 findings")), qPrintable(summary));
        const QString money = lines.at(lines.size() - 2);
        QVERIFY2(money.startsWith(QStringLiteral("Money at stake")), qPrintable(money));
        // Per currency and grouped, never minor units: "7,840,000.00 RUB; 1,204.50 USD".
        QVERIFY2(money.contains(
                     QRegularExpression(QStringLiteral("\\d{1,3}(,\\d{3})+\\.\\d\\d [A-Z]{3}"))),
                 qPrintable(money));
        QVERIFY2(lines.last().startsWith(QStringLiteral("Next: ")), qPrintable(lines.last()));
        QVERIFY(lines.last().contains(QStringLiteral("--show-sql")));
        // The count per severity adds up to the findings listed.
        const qsizetype listed = out.count(QRegularExpression(QStringLiteral("^\\[[A-Z]+\\] "),
                                                              QRegularExpression::MultilineOption));
        QVERIFY(summary.startsWith(QStringLiteral("Summary: %1 findings").arg(listed)));

        const auto withSql =
            runCli(QStringList{QStringLiteral("scan"), QStringLiteral("--show-sql")} + live());
        QCOMPARE(withSql.exitCode, 0);
        QCOMPARE(withSql.out.count("Reproduce with:"), listed);
        QVERIFY(withSql.out.contains("SELECT"));
    }

    void badTimesAreUsageErrors()
    {
        const auto run = runCli(
            {QStringLiteral("scan"), QStringLiteral("--since"), QStringLiteral("yesterday-ish")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("--since takes an ISO time"));
    }

    void aMalformedProfileRunsNothing()
    {
        const QString path =
            demoProfileWith(QStringLiteral("malformed.json"),
                            "\"amount\": \"amount_minor\", \"currency\": \"currency\", \"time\": "
                            "\"created_at\",\n      \"status\"",
                            "\"amount\": 7, \"currency\": \"currency\", \"time\": "
                            "\"created_at\",\n      \"status\"");
        const auto run = runCli(
            QStringList{QStringLiteral("scan"), QStringLiteral("--schema-profile"), path} + live());
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.err.trimmed().count('\n'), 0);
        QVERIFY2(run.err.contains("tables.charges.amount must be a name in quotes, not a number"),
                 run.err.constData());
    }

    void aProfileThatDoesNotFitRunsNothing()
    {
        const QString path = demoProfileWith(QStringLiteral("misfit.json"),
                                             "\"table\": \"refunds\", \"key\": \"id\", \"charge\"",
                                             "\"table\": \"refund\", \"key\": \"id\", \"charge\"");
        const auto run = runCli(
            QStringList{QStringLiteral("scan"), QStringLiteral("--schema-profile"), path} + live());
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(
            run.err.contains("table \"refund\" (refunds.key) does not exist in schema \"public\""),
            run.err.constData());
        QVERIFY(run.err.contains("no detector was run"));
        const auto check = runCli(QStringList{QStringLiteral("profile"), QStringLiteral("check"),
                                              QStringLiteral("--schema-profile"), path} +
                                  live());
        QCOMPARE(check.exitCode, 1);
        QVERIFY(check.err.contains("  - table \"refund\" (refunds.key) does not exist"));
    }

    void anInjectionInANameIsOnlyAMissingTable()
    {
        const QString path = demoProfileWith(
            QStringLiteral("injection.json"), "\"table\": \"orders\", \"key\": \"id\"",
            "\"table\": \"orders\\\"; DROP TABLE accounts; --\", \"key\": \"id\"");
        const auto run = runCli(
            QStringList{QStringLiteral("scan"), QStringLiteral("--schema-profile"), path} + live());
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(
                     "table \"orders\"; DROP TABLE accounts; --\" (orders.key) does not exist"),
                 run.err.constData());
        QVERIFY(test::adminValue(QStringLiteral("SELECT count(*) FROM accounts")).toLongLong() >
                1000);
    }

    void theOldProfileOptionStillWorksForOneReleaseAndSaysSo()
    {
        const QString path = QStringLiteral(PAYOPS_SOURCE_DIR "/resources/profiles/demo.json");
        const QByteArray note =
            "--profile is now --schema-profile; --profile will be removed in the next release\n";
        for (const QString &command : {QStringLiteral("check"), QStringLiteral("diff")}) {
            const QStringList arguments =
                command == u"check"
                    ? QStringList{QStringLiteral("profile"), QStringLiteral("check")}
                    : QStringList{QStringLiteral("diff"), QStringLiteral("--table"),
                                  QStringLiteral("refunds"), QStringLiteral("--backup"),
                                  test::demoCluster().backupUri()};
            const auto old =
                runCli(arguments + QStringList{QStringLiteral("--profile"), path} + live());
            QVERIFY2(old.exitCode == 0, old.err.constData());
            QVERIFY2(old.err.startsWith(note), old.err.constData());
            QCOMPARE(old.err.count("--profile"), qsizetype(2));
            const auto renamed =
                runCli(arguments + QStringList{QStringLiteral("--schema-profile"), path} + live());
            QVERIFY2(renamed.exitCode == 0, renamed.err.constData());
            QVERIFY2(!renamed.err.contains("--profile"), renamed.err.constData());
            QCOMPARE(renamed.out, old.out);
        }
        // Both names at once: which one is meant cannot be told.
        const auto both = runCli(QStringList{QStringLiteral("profile"), QStringLiteral("check"),
                                             QStringLiteral("--profile"), path,
                                             QStringLiteral("--schema-profile"), path} +
                                 live());
        QCOMPARE(both.exitCode, 2);
        QVERIFY2(both.err.contains("Give the schema profile once"), both.err.constData());
        // The help names only the new one.
        const auto help = runCli({QStringLiteral("scan"), QStringLiteral("--help")});
        QVERIFY(help.out.contains("--schema-profile <FILE>"));
        QVERIFY(!help.out.contains("--profile"));
    }

    void theDemoProfileFitsAndADraftFindsTheTables()
    {
        const auto check =
            runCli(QStringList{QStringLiteral("profile"), QStringLiteral("check")} + live());
        QCOMPARE(check.exitCode, 0);
        QVERIFY(check.out.contains("fits this database"));
        const QString out = m_dir.filePath(QStringLiteral("draft.json"));
        const auto draft = runCli(QStringList{QStringLiteral("profile"), QStringLiteral("draft"),
                                              QStringLiteral("--output"), out} +
                                  live());
        QCOMPARE(draft.exitCode, 0);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject tables = QJsonDocument::fromJson(file.readAll())
                                       .object()
                                       .value(QStringLiteral("tables"))
                                       .toObject();
        QCOMPARE(tables.value(QStringLiteral("charges"))
                     .toObject()
                     .value(QStringLiteral("table"))
                     .toString(),
                 QStringLiteral("payments"));
        QCOMPARE(tables.value(QStringLiteral("charges"))
                     .toObject()
                     .value(QStringLiteral("currency"))
                     .toString(),
                 QStringLiteral("currency"));
        QCOMPARE(tables.value(QStringLiteral("accounts"))
                     .toObject()
                     .value(QStringLiteral("table"))
                     .toString(),
                 QStringLiteral("accounts"));
        QCOMPARE(tables.value(QStringLiteral("refunds"))
                     .toObject()
                     .value(QStringLiteral("source"))
                     .toString(),
                 QStringLiteral("source_env"));
    }
};

QTEST_GUILESS_MAIN(TestScanCli)
#include "test_scan_cli.moc"
