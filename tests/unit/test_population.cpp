// The population's folding without a database (diff/population.h): fed
// RowChanges as a diff streams them, it counts rows per table and per day
// of their own time, names the users who lost rows and the fields that
// changed most, and lists the evidence for the findings.
#include "diff/population.h"
#include "diff/population_findings.h"
#include "schema/schema_profile.h"

#include <QTest>

using namespace payops::diff;

namespace {

RowChange change(RowChange::Kind kind, const QString &table, const QString &key,
                 const QString &before, const QString &after, const QStringList &changed = {})
{
    RowChange c;
    c.kind = kind;
    c.table = table;
    c.key = key;
    c.before = before;
    c.after = after;
    c.changedColumns = changed;
    return c;
}

// The demo's shape in small: accounts keyed by id, payments filed under
// account_id and dated by created_at, refunds reached through payments.
Population population()
{
    QVector<UserTable> tables{{QStringLiteral("accounts"), QStringLiteral("id"), {}, {}, {}, {}},
                              {QStringLiteral("payments"),
                               QStringLiteral("account_id"),
                               {},
                               {},
                               {},
                               QStringLiteral("created_at")}};
    tables.append({QStringLiteral("refunds"),
                   QStringLiteral("payment_id"),
                   QStringLiteral("payments"),
                   QStringLiteral("id"),
                   QStringLiteral("account_id"),
                   {}});
    return Population(tables, {{QStringLiteral("payments"), QStringLiteral("created_at")}});
}

QString payment(int id, const QString &owner, const QString &createdAt, int amount = 100)
{
    return QStringLiteral("{\"id\": %1, \"account_id\": %2, \"amount\": %3, \"created_at\": %4}")
        .arg(id)
        .arg(owner)
        .arg(amount)
        .arg(createdAt);
}

QString key(int id)
{
    return QStringLiteral("{\"id\": %1}").arg(id);
}

} // namespace

class TestPopulation : public QObject
{
    Q_OBJECT

private slots:
    void countsEachTablesRowsByChange()
    {
        Population p = population();
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("accounts"), key(29),
                     QStringLiteral("{\"id\": 29}"), QString()));
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("payments"), key(1),
                     payment(1, "29", "\"2026-04-01T10:00:00.000Z\""), QString()));
        p.add(change(RowChange::Kind::New, QStringLiteral("payments"), key(2), QString(),
                     payment(2, "30", "\"2026-04-12T10:00:00.000Z\"")));
        p.add(change(RowChange::Kind::New, QStringLiteral("payments"), key(3), QString(),
                     payment(3, "30", "\"2026-04-12T11:00:00.000Z\"")));
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("refunds"), key(9),
                     QStringLiteral("{\"id\": 9, \"payment_id\": 1}"), QString()));
        QCOMPARE(p.counts.value(QStringLiteral("accounts")),
                 (QMap<QString, qint64>{{QStringLiteral("deleted"), 1}}));
        QCOMPARE(
            p.counts.value(QStringLiteral("payments")),
            (QMap<QString, qint64>{{QStringLiteral("deleted"), 1}, {QStringLiteral("new"), 2}}));
        QCOMPARE(p.counts.value(QStringLiteral("refunds")).value(QStringLiteral("deleted")),
                 qint64(1));
        QCOMPARE(p.counts.size(), qsizetype(3));
    }

    void countsPerDayOfTheRowsOwnTimeInUtc()
    {
        Population p = population();
        // A deleted row: its date in the backup.
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("payments"), key(1),
                     payment(1, "29", "\"2026-04-01T10:00:00.000Z\""), QString()));
        // A changed row: its live date.
        p.add(change(RowChange::Kind::Changed, QStringLiteral("payments"), key(2),
                     payment(2, "29", "\"2026-03-01T10:00:00.000Z\"", 100),
                     payment(2, "29", "\"2026-04-01T23:30:00.000Z\"", 200),
                     {QStringLiteral("amount"), QStringLiteral("created_at")}));
        // Late in the evening two hours west of UTC is the next day in UTC.
        p.add(change(RowChange::Kind::New, QStringLiteral("payments"), key(3), QString(),
                     payment(3, "30", "\"2026-04-01T23:30:00.000-02:00\"")));
        // No time: undated.
        p.add(change(RowChange::Kind::New, QStringLiteral("payments"), key(4), QString(),
                     payment(4, "30", "null")));
        // A table without a time column has no days at all.
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("refunds"), key(9),
                     QStringLiteral("{\"id\": 9, \"payment_id\": 1}"), QString()));
        const auto days = p.perDay.value(QStringLiteral("payments"));
        QCOMPARE(days.value(QDate(2026, 4, 1)),
                 (QMap<QString, qint64>{{QStringLiteral("deleted"), 1},
                                        {QStringLiteral("changed"), 1}}));
        QCOMPARE(days.value(QDate(2026, 4, 2)),
                 (QMap<QString, qint64>{{QStringLiteral("new"), 1}}));
        QCOMPARE(days.value(QDate()), (QMap<QString, qint64>{{QStringLiteral("new"), 1}}));
        QCOMPARE(days.size(), qsizetype(3));
        QVERIFY(!p.perDay.contains(QStringLiteral("refunds")));
    }

    void usersLoseRowsWhenTheirRowsAreDeletedOrMovedAway()
    {
        Population p = population();
        // Account 29 deleted: its owner is itself.
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("accounts"), key(29),
                     QStringLiteral("{\"id\": 29, \"email\": \"a@example.com\"}"), QString()));
        // One of 29's payments moved to the sentinel account 1, one deleted.
        p.add(change(RowChange::Kind::Changed, QStringLiteral("payments"), key(5),
                     payment(5, "29", "null"), payment(5, "1", "null"),
                     {QStringLiteral("account_id")}));
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("payments"), key(6),
                     payment(6, "29", "null"), QString()));
        // 30's payment changed, but is still 30's: nothing lost.
        p.add(change(RowChange::Kind::Changed, QStringLiteral("payments"), key(7),
                     payment(7, "30", "null", 100), payment(7, "30", "null", 150),
                     {QStringLiteral("amount")}));
        // Rows only live are nobody's loss, whoever owns them.
        p.add(change(RowChange::Kind::New, QStringLiteral("payments"), key(8), QString(),
                     payment(8, "31", "null")));
        p.add(change(RowChange::Kind::Created, QStringLiteral("payments"), key(9), QString(),
                     payment(9, "32", "null")));
        // A table reached through another is not filed under a user directly.
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("refunds"), key(3),
                     QStringLiteral("{\"id\": 3, \"payment_id\": 6, \"account_id\": 33}"),
                     QString()));
        // A key that is text is named as it is.
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("payments"), key(10),
                     payment(10, "\"acct-7\"", "null"), QString()));
        // No owner: nobody to name.
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("payments"), key(11),
                     payment(11, "null", "null"), QString()));
        QCOMPARE(p.usersWhoLostRows,
                 (QMap<QString, qint64>{{QStringLiteral("29"), 3}, {QStringLiteral("acct-7"), 1}}));
    }

    void fieldsChangedAreCountedWithTheirValues()
    {
        Population p = population();
        for (int id = 1; id <= 3; ++id)
            p.add(change(RowChange::Kind::Changed, QStringLiteral("payments"), key(id),
                         payment(id, "29", "null"), payment(id, "1", "null"),
                         {QStringLiteral("account_id")}));
        p.add(change(RowChange::Kind::Changed, QStringLiteral("accounts"), key(4),
                     QStringLiteral("{\"id\": 4, \"status\": \"open\"}"),
                     QStringLiteral("{\"id\": 4, \"status\": null}"), {QStringLiteral("status")}));
        QCOMPARE(p.changedFields, (QMap<QString, qint64>{{QStringLiteral("payments.account_id"), 3},
                                                         {QStringLiteral("accounts.status"), 1}}));
        const auto moved = p.changedValues.value(QStringLiteral("payments.account_id"));
        QCOMPARE(moved.size(), qsizetype(3));
        QCOMPARE(moved[0].key, key(1));
        QCOMPARE(moved[0].before, QStringLiteral("29"));
        QCOMPARE(moved[0].after, QStringLiteral("1"));
        // Values as JSON text: a string keeps its quotes, null stays null.
        const auto status = p.changedValues.value(QStringLiteral("accounts.status")).value(0);
        QCOMPARE(status.before, QStringLiteral("\"open\""));
        QCOMPARE(status.after, QStringLiteral("null"));
        // A deleted or new row changes no field.
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("payments"), key(9),
                     payment(9, "29", "null"), QString()));
        QCOMPARE(p.changedFields.size(), qsizetype(2));
    }

    void createdRowsAreListedAndTheEvidenceIsCapped()
    {
        Population p = population();
        p.add(change(RowChange::Kind::Created, QStringLiteral("payments"), key(1), QString(),
                     payment(1, "29", "null")));
        p.add(change(RowChange::Kind::New, QStringLiteral("payments"), key(2), QString(),
                     payment(2, "29", "null")));
        QCOMPARE(p.createdKeys.value(QStringLiteral("payments")), QStringList{key(1)});
        // Counted in full, listed up to kListed.
        for (int id = 0; id < Population::kListed + 5; ++id) {
            p.add(change(RowChange::Kind::Changed, QStringLiteral("accounts"), key(id),
                         QStringLiteral("{\"id\": %1, \"v\": 1}").arg(id),
                         QStringLiteral("{\"id\": %1, \"v\": 2}").arg(id), {QStringLiteral("v")}));
            p.add(change(RowChange::Kind::Created, QStringLiteral("accounts"), key(id), QString(),
                         QStringLiteral("{\"id\": %1}").arg(id)));
        }
        QCOMPARE(p.changedFields.value(QStringLiteral("accounts.v")),
                 qint64(Population::kListed + 5));
        QCOMPARE(p.changedValues.value(QStringLiteral("accounts.v")).size(),
                 qsizetype(Population::kListed));
        QCOMPARE(p.counts.value(QStringLiteral("accounts")).value(QStringLiteral("created")),
                 qint64(Population::kListed + 5));
        QCOMPARE(p.createdKeys.value(QStringLiteral("accounts")).size(),
                 qsizetype(Population::kListed));
    }

    void theFindingsCarryTheirRowsAsValuesLists()
    {
        // The evidence cannot be read back from live, so each finding's
        // SQL is the rows themselves.
        Population p = population();
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("accounts"), key(29),
                     QStringLiteral("{\"id\": 29}"), QString()));
        p.add(change(RowChange::Kind::Changed, QStringLiteral("payments"), key(5),
                     payment(5, "29", "null"), payment(5, "1", "null"),
                     {QStringLiteral("account_id")}));
        p.add(change(RowChange::Kind::Deleted, QStringLiteral("payments"), key(10),
                     payment(10, "\"o'brien\"", "null"), QString()));
        const BackupTime taken{QDateTime(QDate(2026, 4, 10), QTime(0, 0), Qt::UTC),
                               BackupTime::Source::Entered};
        const auto findings = populationFindings(p, payops::schema::SchemaProfile::demo(),
                                                 QStringLiteral("billing_backup"), taken);
        QCOMPARE(findings.size(), qsizetype(2));
        QCOMPARE(findings[0].title, QStringLiteral("2 users lost records since billing_backup"));
        // Its rows are the two users listed, and its money is what it counts.
        QCOMPARE(findings[0].rowCount, qint64(2));
        QCOMPARE(findings[0].userCount, qint64(2));
        QCOMPARE(moneyText(findings[0]), QStringLiteral("2 money records, amounts not summed"));
        QCOMPARE(findings[0].rowsSql,
                 QStringLiteral("SELECT * FROM (VALUES\n('29', '2'),\n('o''brien', '1')) AS v "
                                "(user_id, records_lost)"));
        QCOMPARE(findings[1].dimension, QStringLiteral("payments.account_id"));
        QCOMPARE(findings[1].rowsSql,
                 QStringLiteral("SELECT * FROM (VALUES\n('{\"id\": 5}', '29', '1')) AS v "
                                "(row_key, in_backup, live)"));
    }
};

QTEST_APPLESS_MAIN(TestPopulation)
#include "test_population.moc"
