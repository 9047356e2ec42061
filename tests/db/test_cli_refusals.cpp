// Bad input to the command line that used to succeed silently or blame the
// wrong thing: each must end with a message naming what was wrong and what
// to do, the right exit status, and nothing changed. Run against the real
// `payops` binary and the demo's PostgreSQL; the failures are real ones
// (a view whose owner lost its grants, a role that owns nothing).
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QTest>

using namespace payops;
using test::runCli;

class TestCliRefusals : public QObject
{
    Q_OBJECT

private slots:
    void aScanWindowThatJudgesNothingIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("named"); // what the message must name
        const QString future =
            QDateTime::currentDateTimeUtc().addYears(1).toString(QStringLiteral("yyyy-MM-dd"));
        QTest::newRow("until before since")
            << QStringList{QStringLiteral("--since"), QStringLiteral("2026-04-18T12:00:00Z"),
                           QStringLiteral("--until"), QStringLiteral("2026-04-18T11:00:00Z")}
            << QStringList{QStringLiteral("--until 2026-04-18T11:00:00Z is before --since "
                                          "2026-04-18T12:00:00Z")};
        QTest::newRow("until equal to since")
            << QStringList{QStringLiteral("--since"), QStringLiteral("2026-04-18 12:00"),
                           QStringLiteral("--until"), QStringLiteral("2026-04-18T12:00:00Z")}
            << QStringList{QStringLiteral("2026-04-18T12:00:00Z"),
                           QStringLiteral("is not after --since")};
        QTest::newRow("since in the future")
            << QStringList{QStringLiteral("--since"), future}
            << QStringList{future, QStringLiteral("in the future")};
        QTest::newRow("since before 1970")
            << QStringList{QStringLiteral("--since"), QStringLiteral("1969-07-20T20:17:00Z")}
            << QStringList{QStringLiteral("1969-07-20T20:17:00Z"), QStringLiteral("before 1970")};
        QTest::newRow("a duration back before 1970")
            << QStringList{QStringLiteral("--since"), QStringLiteral("99999999d")}
            << QStringList{QStringLiteral("--since 99999999d"), QStringLiteral("before 1970")};
        QTest::newRow("a duration too long to count")
            << QStringList{QStringLiteral("--since"), QStringLiteral("99999999999999999999w")}
            << QStringList{QStringLiteral("--since 99999999999999999999w"),
                           QStringLiteral("before 1970")};
        QTest::newRow("a duration of nothing")
            << QStringList{QStringLiteral("--since"), QStringLiteral("0m")}
            << QStringList{QStringLiteral("--since 0m is now")};
        QTest::newRow("until in the future")
            << QStringList{QStringLiteral("--since"), QStringLiteral("2026-04-18T12:00:00Z"),
                           QStringLiteral("--until"), future}
            << QStringList{future, QStringLiteral("in the future")};
    }
    void aScanWindowThatJudgesNothingIsAUsageError()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, named);
        // Refused before connecting: no server listens on this socket.
        const auto run = runCli(QStringList{QStringLiteral("scan")} + arguments +
                                QStringList{QStringLiteral("--db"),
                                            QStringLiteral("postgresql:///billing?host=/nonexistent"
                                                           "/payops-no-server&user=oncall")});
        QVERIFY2(run.exitCode == 2, run.err.constData());
        QVERIFY(run.out.isEmpty());
        for (const QString &text : named)
            QVERIFY2(run.err.contains(text.toUtf8()), run.err.constData());
        QCOMPARE(run.err.trimmed().count('\n'), 0);
    }

    void aScanWindowBackwardsOnTheDemoSaysSoInsteadOfNoFindings()
    {
        const auto run = runCli({QStringLiteral("scan"), QStringLiteral("--since"),
                                 QStringLiteral("2026-04-18T12:00:00Z"), QStringLiteral("--until"),
                                 QStringLiteral("2026-04-17T12:00:00Z"), QStringLiteral("--db"),
                                 test::demoCluster().liveUri()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(!run.out.contains("No findings"), run.out.constData());
        QVERIFY2(run.err.contains("give an --until after --since"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliRefusals)
#include "test_cli_refusals.moc"
