// The demo runs its refunds end to end: `payops demo start` (the ctest
// fixture) starts the demo's payment provider and the demo registers it as
// the destination demo-psp. On a copy of the demo, three refunds are
// planned to it, approved and run with the demo's public key: the batch is
// done, and the provider itself, asked by each item's key, holds each
// refund once, for its amount.
#include "support/cli_run.h"
#include "support/drill_copy.h"
#include "support/test_demo.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>

using namespace payops;

class TestDemoProvider : public QObject
{
    Q_OBJECT

private slots:
    void theDemosRefundsReachItsOwnProvider()
    {
        test::DrillCopy copy(QStringLiteral("demo_psp"));
        const auto as = [&](const QString &who, QStringList arguments) {
            return test::runCli(arguments << QStringLiteral("--db") << copy.uri(who));
        };
        QVERIFY(test::demoCluster().provider().isRunning());
        const QString address = copy.value(QStringLiteral(
            "SELECT address FROM payops.money_destinations WHERE name = 'demo-psp'"));
        QCOMPARE(address, test::demoCluster().provider().url().toString());

        const QString caseId =
            QString::fromUtf8(as(QStringLiteral("oncall"),
                                 {QStringLiteral("case"), QStringLiteral("open"),
                                  QStringLiteral("--title"), QStringLiteral("Three refunds")})
                                  .out)
                .trimmed()
                .section(u'=', 1);
        const test::CliRun planned =
            as(QStringLiteral("oncall"),
               {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("refund"),
                QStringLiteral("--charges-of-rows"),
                QStringLiteral("SELECT id AS charge FROM payments WHERE status = 'succeeded' AND "
                               "currency = 'USD' ORDER BY id LIMIT 3"),
                QStringLiteral("--case"), caseId, QStringLiteral("--destination"),
                QStringLiteral("demo-psp"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QString batch = QString::number(
            QJsonDocument::fromJson(planned.out).object()[QStringLiteral("batch")].toInteger());
        const QString hash = QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
                                 .match(QString::fromUtf8(
                                     as(QStringLiteral("oncall"),
                                        {QStringLiteral("batch"), QStringLiteral("submit"), batch})
                                         .out))
                                 .captured(0);
        QCOMPARE(as(QStringLiteral("finance"), {QStringLiteral("batch"), QStringLiteral("approve"),
                                                batch, QStringLiteral("--hash"), hash})
                     .exitCode,
                 0);
        qputenv("PAYOPS_PROVIDER_KEY", demo::DemoProvider::key().toUtf8());
        const test::CliRun ran =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), batch});
        QVERIFY2(ran.out.contains(" is done: 3 applied"), (ran.err + ran.out).constData());

        // The provider's own word, asked by each item's key.
        QNetworkAccessManager network;
        const QStringList keys =
            copy.value(QStringLiteral("SELECT string_agg(r.idempotency_key || ' ' || "
                                      "i.amount_minor, ',' ORDER BY r.item_no) FROM "
                                      "payops.item_runs r JOIN payops.batch_items i USING "
                                      "(batch_id, item_no) WHERE r.batch_id = %1")
                           .arg(batch))
                .split(u',');
        QCOMPARE(keys.size(), 3);
        for (const QString &entry : keys) {
            const QString key = entry.section(u' ', 0, 0);
            QNetworkRequest request(QUrl(address + QStringLiteral("/v1/refunds/by-reference/") +
                                         QString::fromLatin1(QUrl::toPercentEncoding(key))));
            request.setRawHeader("Authorization", "Bearer " + demo::DemoProvider::key().toUtf8());
            QNetworkReply *reply = network.get(request);
            QEventLoop loop;
            connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            const QJsonObject booked = QJsonDocument::fromJson(reply->readAll()).object();
            QCOMPARE(booked[QStringLiteral("status")].toString(), QStringLiteral("succeeded"));
            QCOMPARE(QString::number(booked[QStringLiteral("amount_minor")].toInteger()),
                     entry.section(u' ', 1, 1));
            reply->deleteLater();
        }
        // Run again: nothing is sent twice.
        const test::CliRun again =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), batch});
        QVERIFY2(again.exitCode != 0 && again.err.contains("nothing to execute"),
                 (again.err + again.out).constData());
    }
};

QTEST_GUILESS_MAIN(TestDemoProvider)
#include "test_demo_provider.moc"
