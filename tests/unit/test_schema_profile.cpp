// Schema profiles as an operator writes them: the demo's loads, and every
// kind of bad profile is refused with one message naming each problem.
#include "core/user_error.h"
#include "db/sql_text.h"
#include "schema/schema_profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace payops;
using namespace payops::schema;
using namespace payops::db; // the quoting helpers

namespace {

QJsonObject minimalProfile()
{
    return QJsonDocument::fromJson(R"({
      "format": 1, "name": "shop",
      "tables": {
        "accounts": { "table": "customer", "key": "customer_no" },
        "charges": { "table": "charge", "key": "charge_no", "user": "customer_no",
                     "amount": "cents", "time": "charged_at", "fixed_currency": "EUR" }
      }
    })")
        .object();
}

// The message the profile gets, or an empty string when it loads.
QString problemsOf(const QJsonObject &object)
{
    try {
        SchemaProfile::fromJson(QJsonDocument(object).toJson(), QStringLiteral("test.json"));
        return {};
    } catch (const UserError &e) {
        return e.message();
    }
}

QJsonObject withTable(QJsonObject root, const QString &entity, const QString &key,
                      const QJsonValue &value)
{
    QJsonObject tables = root.value(QStringLiteral("tables")).toObject();
    QJsonObject table = tables.value(entity).toObject();
    if (value.isUndefined())
        table.remove(key);
    else
        table.insert(key, value);
    tables.insert(entity, table);
    root.insert(QStringLiteral("tables"), tables);
    return root;
}

} // namespace

class TestSchemaProfile : public QObject
{
    Q_OBJECT
private slots:
    void theDemoProfileLoads()
    {
        const SchemaProfile demo = SchemaProfile::demo();
        QCOMPARE(demo.table(QStringLiteral("charges")).table, QStringLiteral("payments"));
        QCOMPARE(
            demo.table(QStringLiteral("refunds")).values.value(QStringLiteral("production_values")),
            QStringList{QStringLiteral("production")});
        QVERIFY(demo.streams.size() >= 8);
        QCOMPARE(demo.valueChecks.size(), 1);
        QCOMPARE(demo.thresholds.baselineDays, 28);
    }

    void aMinimalProfileWithAFixedCurrencyLoads()
    {
        QCOMPARE(problemsOf(minimalProfile()), QString());
        const SchemaProfile p =
            SchemaProfile::fromJson(QJsonDocument(minimalProfile()).toJson(), QStringLiteral("x"));
        QCOMPARE(p.table(QStringLiteral("charges")).fixedCurrency, QStringLiteral("EUR"));
    }

    void missingKeysAreNamed()
    {
        const QString message = problemsOf(
            withTable(minimalProfile(), QStringLiteral("charges"), QStringLiteral("amount"), {}));
        QVERIFY2(message.contains(QStringLiteral("tables.charges lacks \"amount\"")),
                 qPrintable(message));
        QJsonObject noAccounts = minimalProfile();
        QJsonObject tables = noAccounts.value(QStringLiteral("tables")).toObject();
        tables.remove(QStringLiteral("accounts"));
        noAccounts.insert(QStringLiteral("tables"), tables);
        QVERIFY(problemsOf(noAccounts).contains(QStringLiteral("tables lacks \"accounts\"")));
        QVERIFY(
            problemsOf(withTable(minimalProfile(), QStringLiteral("charges"),
                                 QStringLiteral("fixed_currency"), {}))
                .contains(QStringLiteral("lacks \"currency\" (a column) or \"fixed_currency\"")));
    }

    void wrongTypesAreNamed()
    {
        const QString message = problemsOf(
            withTable(minimalProfile(), QStringLiteral("charges"), QStringLiteral("amount"), 42));
        QVERIFY2(message.contains(QStringLiteral(
                     "tables.charges.amount must be a name in quotes, not a number")),
                 qPrintable(message));
        QJsonObject thresholds = minimalProfile();
        thresholds.insert(QStringLiteral("thresholds"),
                          QJsonObject{{QStringLiteral("baseline_days"), QStringLiteral("28")}});
        QVERIFY(problemsOf(thresholds)
                    .contains(QStringLiteral("thresholds.baseline_days must be a whole number")));
        QVERIFY(problemsOf(withTable(minimalProfile(), QStringLiteral("charges"),
                                     QStringLiteral("fixed_currency"), QStringLiteral("euro")))
                    .contains(QStringLiteral("ISO 4217")));
    }

    // A status list is given in the column's own type: whole numbers for
    // an integer code, kept as their text; anything else is named.
    void statusCodesMayBeNumbers()
    {
        QJsonObject coded = withTable(minimalProfile(), QStringLiteral("charges"),
                                      QStringLiteral("status"), QStringLiteral("status"));
        coded = withTable(coded, QStringLiteral("charges"), QStringLiteral("succeeded_values"),
                          QJsonArray{2, 5});
        QCOMPARE(problemsOf(coded), QString());
        const SchemaProfile p =
            SchemaProfile::fromJson(QJsonDocument(coded).toJson(), QStringLiteral("test.json"));
        QCOMPARE(
            p.table(QStringLiteral("charges")).values.value(QStringLiteral("succeeded_values")),
            (QStringList{QStringLiteral("2"), QStringLiteral("5")}));
        const QString message = problemsOf(withTable(
            coded, QStringLiteral("charges"), QStringLiteral("succeeded_values"), QJsonArray{2.5}));
        QVERIFY2(message.contains(QStringLiteral("must hold only strings or whole numbers")),
                 qPrintable(message));
    }

    // What a stream does decides its severity; an unknown effect is named,
    // and a stream on the refunds table takes money out unless told.
    void aStreamsEffectIsNamedOrInferred()
    {
        QJsonObject root = withTable(minimalProfile(), QStringLiteral("refunds"),
                                     QStringLiteral("table"), QStringLiteral("refund"));
        for (const char *role : {"key", "charge", "amount", "time"})
            root = withTable(root, QStringLiteral("refunds"), QLatin1String(role),
                             QLatin1String(role));
        root = withTable(root, QStringLiteral("refunds"), QStringLiteral("fixed_currency"),
                         QStringLiteral("EUR"));
        const auto stream = [](const char *name, const char *table) {
            return QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                               {QStringLiteral("table"), QLatin1String(table)},
                               {QStringLiteral("time"), QStringLiteral("at")},
                               {QStringLiteral("key"), QStringLiteral("id")}};
        };
        QJsonObject deletions = stream("deletions", "customer");
        deletions.insert(QStringLiteral("effect"), QStringLiteral("destroys"));
        root.insert(QStringLiteral("streams"), QJsonArray{stream("refunds", "refund"),
                                                          stream("charges", "charge"), deletions});
        const SchemaProfile p =
            SchemaProfile::fromJson(QJsonDocument(root).toJson(), QStringLiteral("test.json"));
        QCOMPARE(p.streams[0].effect, QStringLiteral("money_out"));
        QCOMPARE(p.streams[1].effect, QStringLiteral("creates"));
        QCOMPARE(p.streams[2].effect, QStringLiteral("destroys"));
        deletions.insert(QStringLiteral("effect"), QStringLiteral("deletes"));
        root.insert(QStringLiteral("streams"), QJsonArray{deletions});
        const QString message = problemsOf(root);
        QVERIFY2(message.contains(QStringLiteral(
                     "streams[0].effect is \"deletes\"; use creates, money_out or destroys")),
                 qPrintable(message));
    }

    void unknownKeysAreTyposNotIgnored()
    {
        const QString message =
            problemsOf(withTable(minimalProfile(), QStringLiteral("charges"),
                                 QStringLiteral("amout"), QStringLiteral("cents")));
        QVERIFY2(message.contains(QStringLiteral("unknown key \"amout\"")), qPrintable(message));
        // Keys starting with "_" are comments (the draft's "_todo").
        QCOMPARE(problemsOf(withTable(minimalProfile(), QStringLiteral("charges"),
                                      QStringLiteral("_note"), QStringLiteral("x"))),
                 QString());
    }

    void everyProblemIsReportedAtOnce()
    {
        QJsonObject bad =
            withTable(minimalProfile(), QStringLiteral("charges"), QStringLiteral("amount"), {});
        bad = withTable(bad, QStringLiteral("charges"), QStringLiteral("time"), true);
        bad.insert(QStringLiteral("format"), 2);
        const QString message = problemsOf(bad);
        QVERIFY2(message.contains(QStringLiteral("has 3 problems")), qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("nothing was run")));
    }

    void notJsonSaysWhere()
    {
        try {
            SchemaProfile::fromJson("{ \"format\": 1, ", QStringLiteral("broken.json"));
            QFAIL("a broken file loaded");
        } catch (const UserError &e) {
            QVERIFY(e.message().contains(QStringLiteral("broken.json is not valid JSON")));
        }
    }

    void injectionInNamesStaysAName()
    {
        // A name is only ever a quoted identifier: quotes are doubled, so
        // the text cannot end the identifier and start SQL.
        QCOMPARE(quoteIdent(QStringLiteral("payments\"; DROP TABLE accounts; --")),
                 QStringLiteral("\"payments\"\"; DROP TABLE accounts; --\""));
        QCOMPARE(qualifiedTable(QStringLiteral("public"), QStringLiteral("a.b")),
                 QStringLiteral("\"public\".\"a.b\""));
        QVERIFY_THROWS_EXCEPTION(UserError, quoteIdent(QString()));
        QVERIFY_THROWS_EXCEPTION(UserError, quoteIdent(QString(70, QLatin1Char('x'))));
        // Control characters and NUL are refused when the profile loads.
        QVERIFY(
            problemsOf(withTable(minimalProfile(), QStringLiteral("charges"),
                                 QStringLiteral("table"), QStringLiteral("charge\n; DROP TABLE x")))
                .contains(QStringLiteral("cannot be a PostgreSQL name")));
    }

    void injectionInValuesStaysAValue()
    {
        QCOMPARE(sqlLiteral(QStringLiteral("it's")), QStringLiteral("'it''s'"));
        QCOMPARE(sqlLiteral(QStringLiteral("x'); DROP TABLE accounts; --")),
                 QStringLiteral("'x''); DROP TABLE accounts; --'"));
        QCOMPARE(sqlLiteral(QStringLiteral("back\\slash")), QStringLiteral("'back\\slash'"));
        QVERIFY_THROWS_EXCEPTION(UserError, sqlLiteral(QString(QChar(0))));
        QCOMPARE(textArrayLiteral({QStringLiteral("a\"b"), QStringLiteral("c\\d")}),
                 QStringLiteral("{\"a\\\"b\",\"c\\\\d\"}"));
    }

    void templatesRefuseUnfilledPlaceholders()
    {
        QCOMPARE(renderSql(QStringLiteral("SELECT {a} FROM {b}"),
                           {{QStringLiteral("a"), QStringLiteral("1")},
                            {QStringLiteral("b"), QStringLiteral("t")}}),
                 QStringLiteral("SELECT 1 FROM t"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, renderSql(QStringLiteral("SELECT {a}"), {}));
    }
};

QTEST_GUILESS_MAIN(TestSchemaProfile)
#include "test_schema_profile.moc"
