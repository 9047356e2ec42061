// Result columns read by name: a renamed or missing column is an error that
// names it, never the neighbouring column's value.
#include "core/result_table.h"
#include "core/user_error.h"

#include <QTest>

using payops::ResultTable;
using payops::UserError;

class TestResultTable : public QObject
{
    Q_OBJECT

    static ResultTable sample()
    {
        ResultTable t;
        t.columns = {QStringLiteral("kind"), QStringLiteral("state"), QStringLiteral("item_count")};
        t.rows = {{QStringLiteral("refund"), QString(), QStringLiteral("3")},
                  {QStringLiteral("ledger"), QStringLiteral("approved"), QStringLiteral("0")}};
        return t;
    }

private slots:
    void readsByName()
    {
        const ResultTable t = sample();
        QCOMPARE(t.column(QStringLiteral("kind")), 0);
        QCOMPARE(t.column(QStringLiteral("item_count")), 2);
        QCOMPARE(t.value(0, QStringLiteral("item_count")), QStringLiteral("3"));
        QCOMPARE(t.value(1, QStringLiteral("state")), QStringLiteral("approved"));
        // NULL stays apart from the empty string.
        QVERIFY(t.value(0, QStringLiteral("state")).isNull());
        // A row past the end reads as NULL, as QVector::value does.
        QVERIFY(t.value(2, QStringLiteral("kind")).isNull());
    }

    void missingColumnIsNamed()
    {
        const ResultTable t = sample();
        try {
            t.value(0, QStringLiteral("content_hash"));
            QFAIL("a missing column was read");
        } catch (const UserError &e) {
            QVERIFY2(e.problem().contains(QStringLiteral("\"content_hash\"")),
                     qPrintable(e.message()));
            QVERIFY2(e.problem().contains(QStringLiteral("kind, state, item_count")),
                     qPrintable(e.message()));
        }
        // Names are exact: SQL folds unquoted aliases to lower case, and so
        // must the code that reads them.
        QVERIFY_THROWS_EXCEPTION(UserError, t.column(QStringLiteral("Kind")));
        QVERIFY_THROWS_EXCEPTION(UserError, ResultTable().column(QStringLiteral("kind")));
    }
};

QTEST_APPLESS_MAIN(TestResultTable)
#include "test_result_table.moc"
