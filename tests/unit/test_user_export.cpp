// The per-user view's export and print formats, without a database: what
// an operator gets in the JSON, CSV and printed report of one user.
#include "report/user_export.h"
#include "report/user_report_html.h"
#include "support/csv_read.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace payops::diff;
using namespace payops::report;

namespace {

UserRecord record(RowChange::Kind kind, const QString &table, const QString &key,
                  const QString &before, const QString &after, const QStringList &changed = {},
                  bool same = false)
{
    UserRecord r;
    r.change.kind = kind;
    r.change.table = table;
    r.change.key = key;
    r.change.before = before;
    r.change.after = after;
    r.change.changedColumns = changed;
    r.same = same;
    return r;
}

// A note whose new text has a comma, a quote and a line break, a composite
// key (commas and quotes in the key's JSON), a deleted and an unchanged row.
UserReport sampleReport()
{
    UserReport report;
    report.user = QStringLiteral("29");
    report.backupName = QStringLiteral("billing_backup");
    report.madeAt = QDateTime(QDate(2026, 4, 18), QTime(11, 0), Qt::UTC);
    report.records = {
        record(RowChange::Kind::Changed, QStringLiteral("support_conversations"),
               QStringLiteral("{\"id\": 7, \"part\": 2}"),
               QStringLiteral("{\"id\": 7, \"part\": 2, \"note\": \"plain\", \"status\": "
                              "\"open\", \"owner\": 29}"),
               QStringLiteral("{\"id\": 7, \"part\": 2, \"note\": \"a, \\\"b\\\"\\nc\", "
                              "\"status\": null, \"owner\": 29}"),
               {QStringLiteral("note"), QStringLiteral("status")}),
        record(RowChange::Kind::Deleted, QStringLiteral("accounts"), QStringLiteral("{\"id\": 29}"),
               QStringLiteral("{\"id\": 29, \"email\": \"user29@example.cn\"}"), QString()),
        record(RowChange::Kind::Changed, QStringLiteral("invoices"), QStringLiteral("{\"id\": 5}"),
               QStringLiteral("{\"id\": 5}"), QStringLiteral("{\"id\": 5}"), {}, true),
    };
    return report;
}

} // namespace

class TestUserExport : public QObject
{
    Q_OBJECT
private slots:
    void csvHasALinePerChangedFieldAndPerOtherRecord()
    {
        const QVector<QStringList> rows =
            payops::test::readCsv(QString::fromUtf8(userReportCsv(sampleReport())));
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[0], (QStringList{"table", "key", "change", "field", "backup", "live"}));
        QCOMPARE(rows[1], (QStringList{"support_conversations", "{\"id\": 7, \"part\": 2}",
                                       "changed", "note", "\"plain\"", "\"a, \\\"b\\\"\\nc\""}));
        QCOMPARE(rows[2], (QStringList{"support_conversations", "{\"id\": 7, \"part\": 2}",
                                       "changed", "status", "\"open\"", "null"}));
        QCOMPARE(rows[3], (QStringList{"accounts", "{\"id\": 29}", "deleted", "", "", ""}));
        QCOMPARE(rows[4], (QStringList{"invoices", "{\"id\": 5}", "same", "", "", ""}));
    }

    void csvQuotesCommasQuotesAndLineBreaks()
    {
        // The bytes themselves, as a spreadsheet reads them.
        const QByteArray csv = userReportCsv(sampleReport());
        QVERIFY2(csv.contains("\"{\"\"id\"\": 7, \"\"part\"\": 2}\",changed,note,\"\"\"plain\"\"\","
                              "\"\"\"a, \\\"\"b\\\"\"\\nc\"\"\"\r\n"),
                 csv.constData());
        // A line break inside a field (here a column name) stays inside
        // its quotes and does not end the line.
        UserReport report = sampleReport();
        report.records = {record(RowChange::Kind::Changed, QStringLiteral("t"),
                                 QStringLiteral("{\"id\": 1}"),
                                 QStringLiteral("{\"id\": 1, \"odd,\\n\\\"name\": 1}"),
                                 QStringLiteral("{\"id\": 1, \"odd,\\n\\\"name\": 2}"),
                                 {QStringLiteral("odd,\n\"name")})};
        const QByteArray odd = userReportCsv(report);
        QVERIFY2(odd.contains(",changed,\"odd,\n\"\"name\",1,2\r\n"), odd.constData());
        const QVector<QStringList> rows = payops::test::readCsv(QString::fromUtf8(odd));
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[1][3], QStringLiteral("odd,\n\"name"));
    }

    void jsonHoldsTheFieldsAndTheWholeRows()
    {
        QJsonParseError error;
        const QJsonObject root =
            QJsonDocument::fromJson(userReportJson(sampleReport()), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(root.value("format").toString(), QStringLiteral("payops-user-export/1"));
        QCOMPARE(root.value("user").toString(), QStringLiteral("29"));
        QCOMPARE(root.value("backup").toString(), QStringLiteral("billing_backup"));
        QCOMPARE(root.value("exported_at").toString(), QStringLiteral("2026-04-18T11:00:00Z"));
        const QJsonArray records = root.value("records").toArray();
        QCOMPARE(records.size(), 3);

        const QJsonObject changed = records[0].toObject();
        QCOMPARE(changed.value("table").toString(), QStringLiteral("support_conversations"));
        QCOMPARE(changed.value("key").toObject().value("part").toInt(), 2);
        QCOMPARE(changed.value("change").toString(), QStringLiteral("changed"));
        const QJsonArray fields = changed.value("changes").toArray();
        QCOMPARE(fields.size(), 2);
        QCOMPARE(fields[0].toObject().value("column").toString(), QStringLiteral("note"));
        QCOMPARE(fields[0].toObject().value("backup").toString(), QStringLiteral("plain"));
        QCOMPARE(fields[0].toObject().value("live").toString(), QStringLiteral("a, \"b\"\nc"));
        QVERIFY(fields[1].toObject().value("live").isNull());
        QCOMPARE(changed.value("before").toObject().value("status").toString(),
                 QStringLiteral("open"));
        QCOMPARE(changed.value("after").toObject().value("owner").toInt(), 29);

        const QJsonObject deleted = records[1].toObject();
        QCOMPARE(deleted.value("change").toString(), QStringLiteral("deleted"));
        QCOMPARE(deleted.value("before").toObject().value("email").toString(),
                 QStringLiteral("user29@example.cn"));
        QVERIFY(deleted.value("after").isNull());
        QVERIFY(deleted.value("changes").toArray().isEmpty());

        QCOMPARE(records[2].toObject().value("change").toString(), QStringLiteral("same"));
    }

    void theReportNamesEveryChangeAndEscapesValues()
    {
        UserReport report = sampleReport();
        report.records[0].change.after.replace(QStringLiteral("a, \\\"b\\\"\\nc"),
                                               QStringLiteral("<b>bold</b>"));
        const QString html = userReportHtml(report);
        QVERIFY(html.contains(QStringLiteral("User 29 against the backup billing_backup")));
        QVERIFY(html.contains(QStringLiteral("2026-04-18 11:00:00")));
        QVERIFY(html.contains(QStringLiteral(
            "1 deleted, 1 changed, 0 new since the backup, 0 created (not known to be newer than "
            "the backup), 1 the same")));
        QVERIFY(html.contains(QStringLiteral("<h2>support_conversations</h2>")));
        // A changed field: its name, the backup value, the live value.
        QVERIFY(html.contains(QStringLiteral("<td>note</td><td>&quot;plain&quot;</td>"
                                             "<td>&quot;&lt;b&gt;bold&lt;/b&gt;&quot;</td>")));
        QVERIFY(html.contains(QStringLiteral("<td>status</td><td>&quot;open&quot;</td>"
                                             "<td>null</td>")));
        QVERIFY(!html.contains(QStringLiteral("<b>bold")));
        // Unchanged records are listed by key.
        QVERIFY(html.contains(QStringLiteral("The same on both sides (1): {&quot;id&quot;: 5}")));
        // The deleted account's whole backup row.
        QVERIFY(html.contains(QStringLiteral("user29@example.cn")));
    }
};

QTEST_APPLESS_MAIN(TestUserExport)
#include "test_user_export.moc"
