#include "core/environment.h"
#include "core/money.h"
#include "core/user_error.h"

#include <QTest>

#include <limits>

using payops::Money;
using payops::MoneyTotals;

class TestMoney : public QObject
{
    Q_OBJECT
private slots:
    void formatsMinorUnitsExactly_data()
    {
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("decimal");
        QTest::newRow("incident 2 total") << qint64(7327136) << "USD"
                                          << "73,271.36 USD"
                                          << "73271.36";
        QTest::newRow("incident 3 total") << qint64(784000000) << "RUB"
                                          << "7,840,000.00 RUB"
                                          << "7840000.00";
        QTest::newRow("one cent") << qint64(1) << "EUR"
                                  << "0.01 EUR"
                                  << "0.01";
        QTest::newRow("negative") << qint64(-1050) << "CNY"
                                  << "-10.50 CNY"
                                  << "-10.50";
        QTest::newRow("yen has no decimals") << qint64(123456) << "JPY"
                                             << "123,456 JPY"
                                             << "123456";
        QTest::newRow("dinar has three") << qint64(1234) << "KWD"
                                         << "1.234 KWD"
                                         << "1.234";
        QTest::newRow("int64 max") << std::numeric_limits<qint64>::max() << "USD"
                                   << "92,233,720,368,547,758.07 USD"
                                   << "92233720368547758.07";
        QTest::newRow("int64 min") << std::numeric_limits<qint64>::min() << "USD"
                                   << "-92,233,720,368,547,758.08 USD"
                                   << "-92233720368547758.08";
    }
    void formatsMinorUnitsExactly()
    {
        QFETCH(qint64, minor);
        QFETCH(QString, currency);
        QFETCH(QString, display);
        QFETCH(QString, decimal);
        const Money money{minor, currency};
        QCOMPARE(money.toDisplayString(), display);
        QCOMPARE(money.toDecimalString(), decimal);
    }

    void totalsNeverMixCurrencies()
    {
        MoneyTotals totals;
        totals.add(Money{1000, QStringLiteral("USD")});
        totals.add(QStringLiteral("RUB"), 50000);
        totals.add(Money{250, QStringLiteral("USD")});
        QCOMPARE(totals.minorFor(QStringLiteral("USD")), qint64(1250));
        QCOMPARE(totals.minorFor(QStringLiteral("RUB")), qint64(50000));
        QCOMPARE(totals.minorFor(QStringLiteral("EUR")), qint64(0));
        QCOMPARE(totals.currencies(), QStringList({"RUB", "USD"}));
        QCOMPARE(totals.toDisplayString(), QStringLiteral("500.00 RUB; 12.50 USD"));
        QCOMPARE(MoneyTotals().toDisplayString(), QStringLiteral("none"));
    }

    void totalsRefuseOverflow()
    {
        constexpr qint64 max = std::numeric_limits<qint64>::max();
        constexpr qint64 min = std::numeric_limits<qint64>::min();
        MoneyTotals totals;
        totals.add(QStringLiteral("USD"), max - 1);
        totals.add(QStringLiteral("USD"), 1); // exactly the largest total is fine
        totals.add(QStringLiteral("EUR"), min);
        try {
            totals.add(QStringLiteral("USD"), 1);
            QFAIL("a USD total past INT64_MAX was accepted");
        } catch (const payops::UserError &e) {
            QVERIFY2(e.problem().contains(QStringLiteral("USD")), qPrintable(e.message()));
        }
        try {
            totals.add(Money{-1, QStringLiteral("EUR")});
            QFAIL("a EUR total past INT64_MIN was accepted");
        } catch (const payops::UserError &e) {
            QVERIFY2(e.problem().contains(QStringLiteral("EUR")), qPrintable(e.message()));
        }
        // A refused addition changes nothing, in that currency or another.
        QCOMPARE(totals.minorFor(QStringLiteral("USD")), max);
        QCOMPARE(totals.minorFor(QStringLiteral("EUR")), min);
        totals.add(QStringLiteral("USD"), min); // back down is fine
        QCOMPARE(totals.minorFor(QStringLiteral("USD")), qint64(-1));
    }

    void sqlSumsAreParsedOrRefused()
    {
        // sum(bigint) is numeric in PostgreSQL: what comes back may not fit.
        QCOMPARE(Money::parseMinor(QStringLiteral("-1050"), QStringLiteral("CNY")), qint64(-1050));
        QCOMPARE(Money::parseMinor(QStringLiteral("9223372036854775807"), QStringLiteral("USD")),
                 std::numeric_limits<qint64>::max());
        QCOMPARE(Money::parseMinor(QString(), QStringLiteral("USD")), qint64(0)); // SQL NULL
        for (const QString &text :
             {QStringLiteral("9223372036854775808"), QStringLiteral("-9223372036854775809"),
              QStringLiteral("12.50"), QStringLiteral(""), QStringLiteral("n/a")}) {
            try {
                Money::parseMinor(text, QStringLiteral("RUB"));
                QFAIL(qPrintable(QStringLiteral("\"%1\" was read as an amount").arg(text)));
            } catch (const payops::UserError &e) {
                QVERIFY2(e.problem().contains(QStringLiteral("RUB")), qPrintable(e.message()));
            }
        }
    }

    void countsCarryThousandsSeparators()
    {
        QCOMPARE(payops::formatCount(0), QStringLiteral("0"));
        QCOMPARE(payops::formatCount(999), QStringLiteral("999"));
        QCOMPARE(payops::formatCount(10614), QStringLiteral("10,614"));
        QCOMPARE(payops::formatCount(-1234567), QStringLiteral("-1,234,567"));
    }

    void environmentsAreRecognisedAndColoured()
    {
        using payops::Environment;
        using payops::EnvironmentKind;
        QCOMPARE(Environment::fromLabel(QStringLiteral(" Production ")).kind,
                 EnvironmentKind::Production);
        QCOMPARE(Environment::fromLabel(QStringLiteral("prod")).kind, EnvironmentKind::Production);
        QCOMPARE(Environment::fromLabel(QStringLiteral("staging")).kind, EnvironmentKind::Staging);
        QCOMPARE(Environment::fromLabel(QStringLiteral("demo")).kind, EnvironmentKind::Demo);
        QCOMPARE(Environment::fromLabel(QStringLiteral("qa-7")).kind, EnvironmentKind::Unknown);
        QCOMPARE(Environment::fromLabel(QStringLiteral("production")).bannerColorName(),
                 QStringLiteral("#c62828"));
        QCOMPARE(Environment::fromLabel(QStringLiteral("staging")).bannerColorName(),
                 QStringLiteral("#ef8f00"));
        QCOMPARE(Environment::fromLabel(QStringLiteral("demo")).bannerColorName(),
                 QStringLiteral("#1565c0"));
        // Unknown is never shown in a reassuring colour.
        QVERIFY(Environment::fromLabel(QStringLiteral("qa-7")).bannerColorName() !=
                QStringLiteral("#1565c0"));
        QCOMPARE(Environment::fromLabel(QStringLiteral("qa-7")).displayName(),
                 QStringLiteral("UNKNOWN ENVIRONMENT (qa-7)"));
    }
};

QTEST_APPLESS_MAIN(TestMoney)
#include "test_money.moc"
