// Findings of one incident in one case, on the command line, on a copy of
// the demo: incident 1 gives two findings (the sync job's account
// deletions, the silence of drive's sync reports).
//  - payops case open --finding WORDS opens a case with the finding frozen
//    as evidence; asked again for the same finding it refuses, naming the
//    case that holds it, and opens nothing;
//  - payops case attach N --finding WORDS puts the second finding on that
//    case's timeline; asked again it refuses and adds nothing;
//  - words that fit no finding, or several, a case that does not exist,
//    and a support agent (no operator) are refused and change nothing.
#include "support/cli_run.h"
#include "support/drill_copy.h"

#include <QTest>

using namespace payops;

class TestCaseFindings : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::DrillCopy> m_copy;

    test::CliRun as(const QString &who, QStringList arguments) const
    {
        return test::runCli(arguments << QStringLiteral("--db") << m_copy->uri(who));
    }
    int findingsOf(const QString &caseId) const
    {
        return m_copy
            ->value(QStringLiteral("SELECT count(*) FROM payops.case_events WHERE case_id = %1 "
                                   "AND kind = 'finding'")
                        .arg(caseId.toLongLong()))
            .toInt();
    }
    int cases() const
    {
        return m_copy->value(QStringLiteral("SELECT count(*) FROM payops.cases")).toInt();
    }

private slots:
    void initTestCase()
    {
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("case_findings"));
    }

    void oneIncidentsFindingsGoToOneCase()
    {
        const int before = cases();
        const test::CliRun opened =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--finding"),
                QStringLiteral("account deletions sync-job")});
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        const QString caseId = QString::fromUtf8(opened.out).trimmed().section(u'=', 1);
        QVERIFY(caseId.toLongLong() > 0);
        QCOMPARE(cases(), before + 1);
        QCOMPARE(findingsOf(caseId), 1);
        // Frozen with every deleted account's row as evidence.
        QCOMPARE(m_copy->value(QStringLiteral("SELECT jsonb_array_length(body -> 'evidence') FROM "
                                              "payops.case_events WHERE case_id = %1")
                                   .arg(caseId)),
                 QStringLiteral("312"));

        // The same finding again: refused, its case named, nothing opened.
        const test::CliRun twice =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--finding"),
                QStringLiteral("account deletions sync-job")});
        QCOMPARE(twice.exitCode, 1);
        QVERIFY2(twice.err.contains(QStringLiteral("is already in case %1").arg(caseId).toUtf8()),
                 twice.err.constData());
        QVERIFY(twice.err.contains("Nothing was opened"));
        QCOMPARE(cases(), before + 1);

        // The incident's other finding joins the case.
        const test::CliRun attached =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("attach"), caseId,
                QStringLiteral("--finding"), QStringLiteral("sync reports")});
        QVERIFY2(attached.exitCode == 0, attached.err.constData());
        QVERIFY2(attached.out.contains(QStringLiteral("is now in case %1").arg(caseId).toUtf8()),
                 attached.out.constData());
        QCOMPARE(findingsOf(caseId), 2);
        const test::CliRun timeline =
            as(QStringLiteral("oncall"), {QStringLiteral("case"), QStringLiteral("show"), caseId});
        QVERIFY2(timeline.out.contains("sync reports"), timeline.out.constData());

        const test::CliRun again =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("attach"), caseId,
                QStringLiteral("--finding"), QStringLiteral("sync reports")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(
                     QStringLiteral("Case %1 already holds this finding (attached by oncall on")
                         .arg(caseId)
                         .toUtf8()),
                 again.err.constData());
        QVERIFY(again.err.contains("Nothing was added"));
        QCOMPARE(findingsOf(caseId), 2);

        // A support agent may not put findings on a case.
        const test::CliRun support =
            as(QStringLiteral("support"),
               {QStringLiteral("case"), QStringLiteral("attach"), caseId,
                QStringLiteral("--finding"), QStringLiteral("orphaned payments")});
        QCOMPARE(support.exitCode, 1);
        QCOMPARE(findingsOf(caseId), 2);
    }

    // The wrong-customer charges are three findings of one incident: one
    // case holds its headline (the 475 charges) and each of them.
    void anIncidentOpensOneCaseWithAllItsFindings()
    {
        const int before = cases();
        const QStringList open = {QStringLiteral("case"), QStringLiteral("open"),
                                  QStringLiteral("--incident"),
                                  QStringLiteral("charges on closed accounts")};
        const test::CliRun opened = as(QStringLiteral("oncall"), open);
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        const QString caseId = QString::fromUtf8(opened.out).trimmed().section(u'=', 1);
        QVERIFY(caseId.toLongLong() > 0);
        QCOMPARE(cases(), before + 1);
        QVERIFY2(findingsOf(caseId) >= 4, opened.err.constData()); // the headline and 3 or more
        const QString title =
            m_copy->value(QStringLiteral("SELECT title FROM payops.cases WHERE id = %1")
                              .arg(caseId.toLongLong()));
        QVERIFY2(title.startsWith(QStringLiteral("475 charges of 475 users, 73,271.36 USD")),
                 qPrintable(title));
        QVERIFY2(opened.err.contains("more findings of it"), opened.err.constData());

        // Asked again: refused, naming the case, nothing opened.
        const test::CliRun twice = as(QStringLiteral("oncall"), open);
        QCOMPARE(twice.exitCode, 1);
        QVERIFY2(twice.err.contains(QStringLiteral("case %1").arg(caseId).toUtf8()),
                 twice.err.constData());
        QCOMPARE(cases(), before + 1);

        // Words that fit no incident: the titles to choose from, nothing opened.
        const test::CliRun none =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--incident"),
                QStringLiteral("no such incident anywhere")});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains("475 charges of 475 users"), none.err.constData());
        QCOMPARE(cases(), before + 1);
    }

    void badInputChangesNothing()
    {
        const int before = cases();
        const test::CliRun none =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--finding"),
                QStringLiteral("no such finding anywhere")});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains("No finding of the scan has \"no such finding anywhere\" in its "
                                   "title. Give words of one of these titles"),
                 none.err.constData());
        QVERIFY(none.err.contains("sync reports"));
        // "charges" is in several titles: which is meant is asked.
        const test::CliRun several =
            as(QStringLiteral("oncall"), {QStringLiteral("case"), QStringLiteral("open"),
                                          QStringLiteral("--finding"), QStringLiteral("charges")});
        QCOMPARE(several.exitCode, 1);
        QVERIFY2(several.err.contains("findings have \"charges\" in their title. Give more of the "
                                      "title"),
                 several.err.constData());
        const test::CliRun nowhere =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("attach"), QStringLiteral("999999"),
                QStringLiteral("--finding"), QStringLiteral("sync reports")});
        QCOMPARE(nowhere.exitCode, 1);
        QVERIFY2(nowhere.err.contains("there is no case 999999"), nowhere.err.constData());
        const test::CliRun usage =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("attach"), QStringLiteral("1")});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains("needs --finding WORDS"));
        QCOMPARE(cases(), before);
    }

    void cleanupTestCase() { m_copy.reset(); }
};

QTEST_GUILESS_MAIN(TestCaseFindings)
#include "test_case_findings.moc"
