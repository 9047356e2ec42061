// The incident dossier of a demo case, as someone outside the team would
// read it: on a copy of the demo, incident 5's claw-back is planned, some
// investors agree and are clawed back, a cost is recorded; then `payops
// case dossier` writes a PDF and a Markdown file. The PDF's pages are
// turned into images (pdftoppm) and its text read back (pdftotext): they
// hold the title, the totals and a chart image; the Markdown states the
// same figures as the PDF, and those figures are the database's.
#include "core/money.h"
#include "support/cli_run.h"
#include "support/drill_copy.h"
#include "support/test_demo.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;

namespace {

QString run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("FAILED: ") + QString::fromUtf8(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString squeezed(QString text)
{
    return text.replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" "));
}

} // namespace

class TestDossier : public QObject
{
    Q_OBJECT

private:
    test::CliRun as(const QString &who, QStringList arguments) const
    {
        return test::runCli(arguments << QStringLiteral("--db") << m_copy->uri(who));
    }

    std::unique_ptr<test::DrillCopy> m_copy;

private slots:
    void theDossierOfTheInterestIncidentSaysWhatHappened()
    {
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("dossier"));
        QString rows;
        for (const QJsonValue &f :
             QJsonDocument::fromJson(
                 as(QStringLiteral("oncall"),
                    {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json")})
                     .out)
                 .object()[QStringLiteral("findings")]
                 .toArray())
            if (f[QStringLiteral("title")].toString().contains(QStringLiteral("users paid twice")))
                rows = f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        QVERIFY(!rows.isEmpty());
        const QString caseId =
            QString::fromUtf8(as(QStringLiteral("oncall"),
                                 {QStringLiteral("case"), QStringLiteral("open"),
                                  QStringLiteral("--title"), QStringLiteral("Interest paid twice")})
                                  .out)
                .trimmed()
                .section(u'=', 1);
        const QJsonObject plan =
            QJsonDocument::fromJson(
                as(QStringLiteral("oncall"),
                   {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("claw-back"),
                    QStringLiteral("--payouts-of-rows"),
                    QStringLiteral("SELECT f.row_key AS payout FROM (\n%1\n) "
                                   "AS f")
                        .arg(rows),
                    QStringLiteral("--case"), caseId, QStringLiteral("--format"),
                    QStringLiteral("json")})
                    .out)
                .object();
        const QString batch = QString::number(plan[QStringLiteral("claw_back_batch")].toInteger());
        const QString hash = QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
                                 .match(QString::fromUtf8(
                                     as(QStringLiteral("oncall"),
                                        {QStringLiteral("batch"), QStringLiteral("submit"), batch})
                                         .out))
                                 .captured(0);
        for (const char *who : {"finance", "finance2"})
            if (!as(QLatin1String(who), {QStringLiteral("batch"), QStringLiteral("approve"), batch,
                                         QStringLiteral("--hash"), hash})
                     .out.contains("submitted"))
                break;
        const QStringList agreed =
            m_copy
                ->value(QStringLiteral("SELECT string_agg(account, ',') FROM (SELECT account FROM "
                                       "payops.roster_people WHERE case_id = %1 ORDER BY account "
                                       "LIMIT 5) x")
                            .arg(caseId))
                .split(u',');
        QCOMPARE(as(QStringLiteral("support"),
                    {QStringLiteral("outreach"), QStringLiteral("record"), QStringLiteral("--case"),
                     caseId, QStringLiteral("--account"), agreed.join(u','),
                     QStringLiteral("--status"), QStringLiteral("agreed")})
                     .exitCode,
                 0);
        const test::CliRun ran =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), batch});
        QVERIFY2(ran.out.contains("5 applied"), (ran.err + ran.out).constData());
        QCOMPARE(
            as(QStringLiteral("finance"),
               {QStringLiteral("case"), QStringLiteral("cost"), caseId, QStringLiteral("--amount"),
                QStringLiteral("700.00"), QStringLiteral("--currency"), QStringLiteral("CNY"),
                QStringLiteral("--what"), QStringLiteral("gifts to the investors who returned it")})
                .exitCode,
            0);

        QTemporaryDir out;
        // Support reads it too: the dossier only reads.
        const test::CliRun made =
            as(QStringLiteral("support"), {QStringLiteral("case"), QStringLiteral("dossier"),
                                           caseId, QStringLiteral("--out"), out.path()});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const QString pdf =
            QDir(out.path()).filePath(QStringLiteral("case-%1-dossier.pdf").arg(caseId));
        QFile markdownFile(
            QDir(out.path()).filePath(QStringLiteral("case-%1-dossier.md").arg(caseId)));
        QVERIFY(markdownFile.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(markdownFile.readAll());

        // The figures, as the database has them.
        const QString recovered = Money{m_copy
                                            ->value(QStringLiteral("SELECT -sum(amount_minor) FROM "
                                                                   "balance_movements WHERE kind = "
                                                                   "'clawback'"))
                                            .toLongLong(),
                                        QStringLiteral("CNY")}
                                      .toDisplayString();
        QVERIFY2(markdown.contains(QStringLiteral("- Recovered: ") + recovered),
                 qPrintable(markdown));
        QVERIFY(markdown.contains(QStringLiteral("- Costs: 700.00 CNY")));
        QVERIFY(markdown.contains(QStringLiteral("- People agreed: 5")));
        QVERIFY(markdown.contains(QStringLiteral("- People not contacted: 65")));
        const QString rowsNow =
            m_copy->value(QStringLiteral("SELECT count(*) FROM payops.audit_log"));
        QVERIFY2(
            markdown.contains(
                QStringLiteral("- Audit chain: %1 rows").arg(formatCount(rowsNow.toLongLong()))),
            qPrintable(markdown));

        // The PDF: its text holds the title and every figure the Markdown states.
        const QString text = squeezed(run(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}));
        QVERIFY2(!text.startsWith(QStringLiteral("FAILED")), qPrintable(text));
        QVERIFY2(text.contains(
                     QStringLiteral("Incident dossier: case %1, Interest paid twice").arg(caseId)),
                 qPrintable(text.left(400)));
        int figures = 0;
        for (const QString &line : markdown.split(u'\n')) {
            if (!line.startsWith(QStringLiteral("- ")) || !line.contains(QStringLiteral(": ")))
                continue;
            QVERIFY2(text.contains(squeezed(line.mid(2))),
                     qPrintable(QStringLiteral("the PDF lacks \"%1\"").arg(line.mid(2))));
            ++figures;
        }
        QVERIFY(figures >= 10);
        // A chart image, and pages that are pictures of something.
        const QString images = run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
        QVERIFY2(images.split(u'\n', Qt::SkipEmptyParts).size() >= 3, qPrintable(images));
        const QString prefix = QDir(out.path()).filePath(QStringLiteral("page"));
        QVERIFY(!run(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"),
                                                  QStringLiteral("60"), pdf, prefix})
                     .startsWith(QStringLiteral("FAILED")));
        const QStringList pages = QDir(out.path()).entryList({QStringLiteral("page*.png")});
        QVERIFY2(!pages.isEmpty(), "pdftoppm made no page");
        const QImage first(QDir(out.path()).filePath(pages.first()));
        QVERIFY(!first.isNull());
        int dark = 0;
        for (int y = 0; y < first.height(); y += 4)
            for (int x = 0; x < first.width(); x += 4)
                dark += qGray(first.pixel(x, y)) < 128;
        QVERIFY2(dark > 200, "the first page is blank");
        if (qEnvironmentVariableIsSet("PAYOPS_DOSSIER_KEEP"))
            QFile::copy(QDir(out.path()).filePath(pages.first()),
                        qEnvironmentVariable("PAYOPS_DOSSIER_KEEP"));

        // Bad input: no such case writes nothing.
        QTemporaryDir none;
        const test::CliRun missing =
            as(QStringLiteral("support"),
               {QStringLiteral("case"), QStringLiteral("dossier"), QStringLiteral("999999"),
                QStringLiteral("--out"), none.path()});
        QVERIFY(missing.exitCode != 0 && missing.err.contains("There is no case 999999"));
        QVERIFY(QDir(none.path()).isEmpty());
    }

    void cleanupTestCase() { m_copy.reset(); }
};

QTEST_GUILESS_MAIN(TestDossier)
#include "test_dossier.moc"
