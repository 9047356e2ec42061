#include "db/session.h"
#include "items/csv_writer.h"

#include <QBuffer>
#include <QTest>

using payops::CsvWriter;

class TestTextFormats : public QObject
{
    Q_OBJECT
private slots:
    void csvQuotesOnlyWhatNeedsIt()
    {
        QCOMPARE(CsvWriter::escapeField(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(CsvWriter::escapeField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(CsvWriter::escapeField(QStringLiteral("say \"hi\"")),
                 QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(CsvWriter::escapeField(QStringLiteral("two\nlines")),
                 QStringLiteral("\"two\nlines\""));
    }

    void csvDefusesSpreadsheetFormulas()
    {
        QCOMPARE(CsvWriter::escapeField(QStringLiteral("=HYPERLINK(\"x\")")),
                 QStringLiteral("\"'=HYPERLINK(\"\"x\"\")\""));
        QCOMPARE(CsvWriter::escapeField(QStringLiteral("@SUM(A1)")), QStringLiteral("'@SUM(A1)"));
        // Negative amounts are numbers, not formulas.
        QCOMPARE(CsvWriter::escapeField(QStringLiteral("-1050")), QStringLiteral("-1050"));
    }

    void csvRowsEndWithCrLf()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvWriter csv(buffer);
        csv.writeRow({QStringLiteral("id"), QStringLiteral("amount")});
        csv.writeRow({QStringLiteral("1"), QString()});
        QCOMPARE(buffer.data(), QByteArray("id,amount\r\n1,\r\n"));
    }

    void copyTextLinesDecode()
    {
        using payops::db::decodeCopyTextLine;
        QStringList fields = decodeCopyTextLine("1\t\\N\tplain\ta\\tb\\nc\\\\d\t\\101\t\n");
        QCOMPARE(fields.size(), 6);
        QCOMPARE(fields[0], QStringLiteral("1"));
        QVERIFY(fields[1].isNull());
        QCOMPARE(fields[2], QStringLiteral("plain"));
        QCOMPARE(fields[3], QStringLiteral("a\tb\nc\\d"));
        QCOMPARE(fields[4], QStringLiteral("A"));
        QVERIFY(!fields[5].isNull());
        QVERIFY(fields[5].isEmpty());
        QCOMPARE(decodeCopyTextLine("caf\xc3\xa9")[0], QStringLiteral("caf\u00e9"));
    }
};

QTEST_APPLESS_MAIN(TestTextFormats)
#include "test_text_formats.moc"
