// Incident 3's repair as it went: the 10,000 refunds a staging job issued
// against real payments, reversed by the acquirer from a batch file. On a
// copy of the demo: the reversal planned from the non-production refunds
// finding, approved by two people, handed over as files (one line an item,
// its key the reference); the acquirer's result file, with failures and
// with lines that match no item, match one twice or disagree on the
// amount, imported: the right states and totals, and the bad lines
// reported, never applied.
#include "db/sql_text.h"
#include "ops/role_grants.h"
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;

class TestMoneyFile : public QObject
{
    Q_OBJECT

private slots:
    void theStagingRefundsAreReversedFromTheAcquirersFile()
    {
        const QString pid = QString::number(QCoreApplication::applicationPid());
        const QString copy = QStringLiteral("money_file_") + pid;
        const QString second = QStringLiteral("finance2_file_") + pid;
        db::SessionOptions writable;
        writable.readOnly = false;
        db::Session admin(
            ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres"))),
            QString(), writable);
        admin.executeScript(
            QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill").arg(db::quoteIdent(copy)));
        admin.executeScript(QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(second)));
        admin.executeScript(
            QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw'").arg(db::quoteIdent(second)));
        const auto drop = qScopeGuard([&] {
            admin.executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                    .arg(db::quoteIdent(copy)));
            admin.executeScript(
                QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(second)));
        });
        {
            db::Session owner(ConnectionProfile::fromUri(test::demoCluster().adminUri(copy)),
                              QString(), writable);
            for (const QString &statement :
                 ops::grantStatements(QStringLiteral("approver"), second))
                owner.executeScript(statement);
        }
        const QString oncall = test::demoCluster().socketUri(QStringLiteral("oncall:oncall"), copy);
        const auto cli = [&](QStringList arguments, const QString &as = {}) {
            return test::runCli(arguments << QStringLiteral("--db")
                                          << (as.isEmpty() ? oncall : as));
        };
        const QJsonObject truth =
            test::manifest()[QStringLiteral("incidents")][QStringLiteral("staging_refunds")]
                .toObject();
        const QSet<qint64> staging =
            test::idSet(truth[QStringLiteral("rows")][QStringLiteral("refunds")]);
        QCOMPARE(staging.size(), 10000);

        // From the finding of refunds issued by a non-production source.
        QString rows;
        for (const QJsonValue &f :
             QJsonDocument::fromJson(
                 cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json")})
                     .out)
                 .object()[QStringLiteral("findings")]
                 .toArray())
            if (f[QStringLiteral("title")].toString().contains(
                    QStringLiteral("refunds issued by a non-production source")))
                rows = f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        QVERIFY2(!rows.isEmpty(), "no finding of non-production refunds");
        const QString caseId =
            QString::fromUtf8(cli({QStringLiteral("case"), QStringLiteral("open"),
                                   QStringLiteral("--title"), QStringLiteral("Staging refunds")})
                                  .out)
                .trimmed()
                .section(u'=', 1);
        // The acquirer that takes the reversals as files, registered by
        // the database owner for the environment the demo declares.
        const QString environment =
            test::adminValue(QStringLiteral("SELECT environment FROM payops.installation"), copy);
        const test::CliRun registered =
            cli({QStringLiteral("allow-money"), QStringLiteral("--destination"),
                 QStringLiteral("acq-a"), QStringLiteral("--adapter"), QStringLiteral("file"),
                 QStringLiteral("--address"), QStringLiteral("acq-a"),
                 QStringLiteral("--environment"), environment},
                test::demoCluster().adminUri(copy));
        QVERIFY2(registered.exitCode == 0, registered.err.constData());
        const test::CliRun planned =
            cli({QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("reversal"),
                 QStringLiteral("--refunds-of-rows"),
                 QStringLiteral("SELECT f.row_key AS refund FROM (\n%1\n) AS f").arg(rows),
                 QStringLiteral("--case"), caseId, QStringLiteral("--destination"),
                 QStringLiteral("acq-a"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QJsonObject plan = QJsonDocument::fromJson(planned.out).object();
        QCOMPARE(plan[QStringLiteral("items")].toArray().size(), 10000);
        QCOMPARE(plan[QStringLiteral("totals_minor")][QStringLiteral("RUB")].toString(),
                 QStringLiteral("784000000"));
        QSet<qint64> planned_refunds;
        for (const QJsonValue &item : plan[QStringLiteral("items")].toArray())
            planned_refunds.insert(
                QJsonDocument::fromJson(item[QStringLiteral("target_key")].toString().toUtf8())
                    .object()[QStringLiteral("id")]
                    .toInteger());
        QCOMPARE(planned_refunds, staging);
        const QString batch = QString::number(plan[QStringLiteral("batch")].toInteger());
        const QString hash =
            QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
                .match(QString::fromUtf8(
                    cli({QStringLiteral("batch"), QStringLiteral("submit"), batch}).out))
                .captured(0);
        for (const QString &who :
             {test::demoCluster().socketUri(QStringLiteral("finance:finance"), copy),
              test::demoCluster().socketUri(second + QStringLiteral(":pw"), copy)}) {
            const test::CliRun approved = cli({QStringLiteral("batch"), QStringLiteral("approve"),
                                               batch, QStringLiteral("--hash"), hash},
                                              who);
            QVERIFY2(approved.exitCode == 0, approved.err.constData());
        }

        // Handed over: one line an item, its key the reference.
        QTemporaryDir handover;
        const QStringList run = {QStringLiteral("batch"), QStringLiteral("run"), batch,
                                 QStringLiteral("--handover-dir"), handover.path()};
        const test::CliRun handed = cli(run);
        QVERIFY2(handed.exitCode == 0, (handed.err + handed.out).constData());
        QVERIFY2(handed.out.contains("handed over"), handed.out.constData());
        QMap<QString, QStringList> lines; // key -> its hand-over line
        for (const QString &name : QDir(handover.path()).entryList({QStringLiteral("*.csv")})) {
            QFile file(QDir(handover.path()).filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            file.readLine();
            while (!file.atEnd()) {
                const QStringList f = QString::fromUtf8(file.readLine()).trimmed().split(u',');
                QVERIFY2(!lines.contains(f[0]), qPrintable(f[0] + QStringLiteral(" handed twice")));
                lines.insert(f[0], f);
            }
        }
        QCOMPARE(lines.size(), 10000);

        // The acquirer's answer: 50 refused, the rest reversed; and three
        // lines that must not be applied.
        QFile results(QDir(handover.path()).filePath(QStringLiteral("acq-a-results.txt")));
        QVERIFY(results.open(QIODevice::WriteOnly));
        results.write("reference,status,amount_minor,currency,provider_reference,reason\n");
        int n = 0;
        qint64 reversed = 0;
        const QStringList keys = lines.keys();
        const QString twice = keys.value(100);
        const QString otherAmount = keys.value(200);
        for (const QString &key : keys) {
            const QStringList &f = lines[key];
            const bool refused = n++ < 50;
            if (key == otherAmount) {
                results.write(QStringLiteral("%1,succeeded,%2,%3,rv-%1,\n")
                                  .arg(key, QString::number(f[3].toLongLong() + 1), f[4])
                                  .toUtf8());
                continue;
            }
            results.write(
                QStringLiteral("%1,%2,%3,%4,rv-%1,%5\n")
                    .arg(key, refused ? QStringLiteral("failed") : QStringLiteral("succeeded"),
                         f[3], f[4], refused ? QStringLiteral("account_closed") : QString())
                    .toUtf8());
            if (key == twice)
                results.write(
                    QStringLiteral("%1,succeeded,%2,%3,rv-%1,\n").arg(key, f[3], f[4]).toUtf8());
            else if (!refused)
                reversed += f[3].toLongLong();
        }
        results.write("payops-nosuch-b999-i1,succeeded,100,RUB,rv-x,\n");
        results.close();
        const test::CliRun imported =
            cli(QStringList(run) << QStringLiteral("--results") << results.fileName());
        QVERIFY2(imported.exitCode == 0, (imported.err + imported.out).constData());
        const QString report = QString::fromUtf8(imported.out);
        QVERIFY2(report.contains(QStringLiteral("payops-nosuch-b999-i1 matches no item")),
                 qPrintable(report));
        QVERIFY2(report.contains(twice + QStringLiteral(" is in the result file 2 times")),
                 qPrintable(report));
        QVERIFY2(report.contains(otherAmount + QStringLiteral(" says")), qPrintable(report));
        const auto count = [&](const QString &state) {
            return test::adminValue(
                QStringLiteral("SELECT count(*) FROM payops.item_runs WHERE batch_id = %1 AND "
                               "state = '%2'")
                    .arg(batch, state),
                copy);
        };
        QCOMPARE(count(QStringLiteral("failed")), QStringLiteral("50"));
        QCOMPARE(count(QStringLiteral("applied")), QStringLiteral("9948"));
        QCOMPARE(count(QStringLiteral("unknown")), QStringLiteral("2"));
        QCOMPARE(test::adminValue(
                     QStringLiteral("SELECT sum(i.amount_minor) FROM payops.item_runs r JOIN "
                                    "payops.batch_items i USING (batch_id, item_no) WHERE "
                                    "r.batch_id = %1 AND r.state = 'applied'")
                         .arg(batch),
                     copy),
                 QString::number(reversed));

        // What the incident cost besides: recorded in the case, next to
        // what was recovered; an amount finer than the currency's is refused.
        const QStringList cost = {QStringLiteral("case"),
                                  QStringLiteral("cost"),
                                  caseId,
                                  QStringLiteral("--currency"),
                                  QStringLiteral("RUB"),
                                  QStringLiteral("--what"),
                                  QStringLiteral("acquirer fee for 10,000 reversals")};
        QCOMPARE(cli(QStringList(cost) << QStringLiteral("--amount") << QStringLiteral("12.345"))
                     .exitCode,
                 2);
        const test::CliRun recorded =
            cli(QStringList(cost) << QStringLiteral("--amount") << QStringLiteral("150000.50"));
        QVERIFY2(recorded.exitCode == 0, recorded.err.constData());
        QVERIFY2(recorded.out.contains("150,000.50 RUB"), recorded.out.constData());
        QCOMPARE(test::adminValue(QStringLiteral("SELECT body ->> 'amount_minor' FROM "
                                                 "payops.case_events WHERE case_id = %1 AND "
                                                 "kind = 'cost'")
                                      .arg(caseId),
                                  copy),
                 QStringLiteral("15000050"));
    }
};

QTEST_GUILESS_MAIN(TestMoneyFile)
#include "test_money_file.moc"
