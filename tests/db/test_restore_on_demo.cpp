// The guided restore on the demo, driven as an operator and an approver
// would drive it from the command line, on a copy of the demo's live
// database (billing_drill, copied again for this test) so the other tests
// keep the incidents as they were:
//  - incident 1: the 312 accounts the sync job deleted, their service links
//    and every record moved to the sentinel that the backup can attribute
//    come back; the rows the backup cannot attribute are listed, counted as
//    the manifest counts them; a re-run plan for those users finds nothing
//    left; the revert batch leaves the data exactly as before the restore;
//  - incident 4: the overwritten conversations get their status and
//    assignee back, except those people changed again since (conflicts,
//    counted as the manifest counts them);
//  - bad input is refused with a clear message and changes nothing.
#include "core/user_error.h"
#include "db/sql_text.h"
#include "support/cli_run.h"
#include "support/test_demo.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace payops;
using test::runCli;

namespace {

db::SessionOptions writable()
{
    db::SessionOptions options;
    options.readOnly = false;
    return options;
}

void adminScript(const QString &sql)
{
    db::Session admin(
        ConnectionProfile::fromUri(test::demoCluster().adminUri(QStringLiteral("postgres"))),
        QString(), writable());
    admin.executeScript(sql);
}

QJsonObject jsonOf(const test::CliRun &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

QMap<QString, qint64> perTable(const QJsonArray &list)
{
    QMap<QString, qint64> counts;
    for (const QJsonValue &v : list)
        counts.insert(v[QStringLiteral("table")].toString(),
                      qint64(v[QStringLiteral("items")].toDouble()));
    return counts;
}

QMap<QString, qint64> counts(const QJsonObject &object)
{
    QMap<QString, qint64> result;
    for (auto it = object.begin(); it != object.end(); ++it)
        result.insert(it.key(), qint64(it.value().toDouble()));
    return result;
}

QString hashOf(const test::CliRun &submitted)
{
    return QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
        .match(QString::fromUtf8(submitted.err + submitted.out))
        .captured(0);
}

} // namespace

class TestRestoreOnDemo : public QObject
{
    Q_OBJECT

    QString m_copy;

    QString uri(const QString &person, const QString &database = {}) const
    {
        return test::demoCluster().socketUri(person + QLatin1Char(':') + person,
                                             database.isEmpty() ? m_copy : database);
    }
    QString backup() const { return test::demoCluster().backupUri(); }
    QString value(const QString &sql) const { return test::adminValue(sql, m_copy); }
    test::CliRun as(const QString &person, QStringList arguments) const
    {
        return runCli(arguments << QStringLiteral("--db") << uri(person));
    }
    QString openCase(const QString &title) const
    {
        const auto run =
            as(QStringLiteral("oncall"),
               {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--title"), title});
        if (run.exitCode != 0)
            qFatal("payops case open failed: %s", run.err.constData());
        return QString::fromUtf8(run.out).trimmed().section(u'=', 1);
    }
    // Submits as oncall, approves as finance with the hash submit printed,
    // runs as oncall; the batch's final status line.
    QString approveAndRun(const QString &batch) const
    {
        const auto submitted = as(QStringLiteral("oncall"),
                                  {QStringLiteral("batch"), QStringLiteral("submit"), batch});
        if (submitted.exitCode != 0)
            return QStringLiteral("submit: ") + QString::fromUtf8(submitted.err);
        const auto approved =
            as(QStringLiteral("finance"), {QStringLiteral("batch"), QStringLiteral("approve"),
                                           batch, QStringLiteral("--hash"), hashOf(submitted)});
        if (approved.exitCode != 0)
            return QStringLiteral("approve: ") + QString::fromUtf8(approved.err);
        const auto ran =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("run"), batch});
        if (ran.exitCode != 0)
            return QStringLiteral("run: ") + QString::fromUtf8(ran.err);
        return QString::fromUtf8(
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("status"), batch})
                .out);
    }
    // The rows SQL of the scan's finding whose title holds all of `words`.
    QString findingRowsSql(const QStringList &words) const
    {
        const auto scan =
            as(QStringLiteral("oncall"),
               {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json")});
        for (const QJsonValue &f : jsonOf(scan)[QStringLiteral("findings")].toArray()) {
            const QString title = f[QStringLiteral("title")].toString();
            if (std::all_of(words.cbegin(), words.cend(),
                            [&](const QString &w) { return title.contains(w); }))
                return f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        }
        qFatal("no finding titled with %s", qPrintable(words.join(u' ')));
    }
    qint64 batches() const
    {
        return value(QStringLiteral("SELECT count(*) FROM payops.batches")).toLongLong();
    }

private slots:
    void initTestCase()
    {
        m_copy = QStringLiteral("restore_demo_%1").arg(QCoreApplication::applicationPid());
        adminScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill")
                        .arg(db::quoteIdent(m_copy)));
    }
    void cleanupTestCase()
    {
        adminScript(
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db::quoteIdent(m_copy)));
    }

    void theDeletedAccountsComeBackAndTheRevertUndoesIt()
    {
        const QJsonObject truth =
            test::manifest()[QStringLiteral("incidents")][QStringLiteral("account_deletions")]
                .toObject();
        const QSet<qint64> victims = test::idSet(truth[QStringLiteral("users")]);
        QCOMPARE(victims.size(), 312);
        const QString caseId = openCase(QStringLiteral("Accounts deleted by the sync job"));
        const QString rows =
            findingRowsSql({QStringLiteral("account deletions"), QStringLiteral("sync-job")});

        const auto planned =
            as(QStringLiteral("oncall"),
               {QStringLiteral("restore"), QStringLiteral("plan"), QStringLiteral("--backup"),
                backup(), QStringLiteral("--users-of-rows"), rows, QStringLiteral("--case"), caseId,
                QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QJsonObject plan = jsonOf(planned);
        qInfo("compared in %d ms, planned in %d ms", plan[QStringLiteral("compare_ms")].toInt(),
              plan[QStringLiteral("plan_ms")].toInt());
        QCOMPARE(plan[QStringLiteral("users")].toInt(), 312);
        const QMap<QString, qint64> items =
            perTable(plan[QStringLiteral("items_per_table")].toArray());
        QCOMPARE(items.value(QStringLiteral("\"public\".\"accounts\"")), 312);
        QCOMPARE(items.value(QStringLiteral("\"public\".\"service_accounts\"")), 312);
        // Parents first: every account before anything that refers to it.
        const QJsonArray planItems = plan[QStringLiteral("items")].toArray();
        qsizetype lastAccount = -1, firstOther = planItems.size();
        for (qsizetype i = 0; i < planItems.size(); ++i) {
            if (planItems[i][QStringLiteral("table")] == QStringLiteral("\"public\".\"accounts\""))
                lastAccount = i;
            else
                firstOther = std::min(firstOther, i);
        }
        QVERIFY(lastAccount < firstOther);
        QSet<qint64> accountsPutBack;
        for (const QJsonValue &item : plan[QStringLiteral("items")].toArray())
            if (item[QStringLiteral("table")] == QStringLiteral("\"public\".\"accounts\""))
                accountsPutBack.insert(
                    QJsonDocument::fromJson(item[QStringLiteral("key")].toString().toUtf8())
                        .object()[QStringLiteral("id")]
                        .toInteger());
        QCOMPARE(accountsPutBack, victims);
        // What the backup cannot attribute is listed, never guessed.
        const QMap<QString, qint64> unresolved =
            counts(plan[QStringLiteral("unresolved_per_table")].toObject());
        const QMap<QString, qint64> expected =
            counts(test::manifest()[QStringLiteral("restore")]
                                   [QStringLiteral("unattributable_on_sentinel")]
                                       .toObject());
        QMap<QString, qint64> unresolvedByName;
        for (auto it = unresolved.cbegin(); it != unresolved.cend(); ++it)
            unresolvedByName.insert(
                QString(it.key()).remove(QStringLiteral("\"public\".")).remove(u'"'), it.value());
        QCOMPARE(unresolvedByName, expected);
        QCOMPARE(plan[QStringLiteral("conflicts")].toArray().size(), 0);
        const QString batch = QString::number(plan[QStringLiteral("batch")].toInteger());
        QVERIFY(batch.toLongLong() > 0);

        // The dry run answers per item and commits nothing.
        const QString accountsBefore = value(QStringLiteral("SELECT count(*) FROM accounts"));
        const auto dry = as(QStringLiteral("oncall"),
                            {QStringLiteral("batch"), QStringLiteral("dry-run"), batch});
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        QVERIFY2(dry.out.contains("624 inserted;"), dry.out.constData());
        QVERIFY2(!dry.out.contains("conflict"), dry.out.constData());
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM accounts")), accountsBefore);

        // A snapshot of the data before the restore, to compare the revert with.
        const QString before = m_copy + QStringLiteral("_before");
        adminScript(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                   "datname = '%1'")
                        .arg(m_copy));
        adminScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2")
                        .arg(db::quoteIdent(before), db::quoteIdent(m_copy)));
        const auto dropBefore = qScopeGuard([&] {
            adminScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                            .arg(db::quoteIdent(before)));
        });

        const QString status = approveAndRun(batch);
        QVERIFY2(status.contains(QStringLiteral("is done: %1 applied, 0 conflicts")
                                     .arg(plan[QStringLiteral("items")].toArray().size())) ||
                     status.contains(QStringLiteral("is done")),
                 qPrintable(status));
        QVERIFY2(status.contains(u"0 conflicts"), qPrintable(status));
        // Every victim is an account again, and none of their backup
        // records is still parked on the sentinel.
        QCOMPARE(
            value(QStringLiteral("SELECT count(*) FROM accounts WHERE id = ANY('{%1}')").arg([&] {
                QStringList ids;
                for (qint64 id : victims)
                    ids << QString::number(id);
                return ids.join(u',');
            }())),
            QStringLiteral("312"));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM payments WHERE account_id = 1")),
                 QString::number(expected.value(QStringLiteral("payments"))));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM orders WHERE account_id = 1")),
                 QString::number(expected.value(QStringLiteral("orders"))));

        const auto verified =
            as(QStringLiteral("oncall"),
               {QStringLiteral("restore"), QStringLiteral("verify"), batch,
                QStringLiteral("--backup"), backup(), QStringLiteral("--record")});
        QVERIFY2(verified.exitCode == 0, verified.out.constData());
        QVERIFY2(verified.out.contains("now equal the backup"), verified.out.constData());

        // The re-run plan for the same users finds nothing deleted or moved.
        const auto again =
            as(QStringLiteral("oncall"),
               {QStringLiteral("restore"), QStringLiteral("plan"), QStringLiteral("--backup"),
                backup(), QStringLiteral("--users-of-rows"), rows, QStringLiteral("--format"),
                QStringLiteral("json")});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(jsonOf(again)[QStringLiteral("items")].toArray().size(), 0);

        // The case timeline holds every step.
        const QString timeline = QString::fromUtf8(
            as(QStringLiteral("oncall"), {QStringLiteral("case"), QStringLiteral("show"), caseId})
                .out);
        for (const char *step : {"batch.create", "batch.submit", "batch.approve", "batch.execute",
                                 "batch.done", "Verified batch"})
            QVERIFY2(timeline.contains(QLatin1String(step)), step);

        // The revert, approved like any other, leaves the data as it was.
        const auto revert = as(QStringLiteral("oncall"),
                               {QStringLiteral("batch"), QStringLiteral("revert"), batch});
        QVERIFY2(revert.exitCode == 0, revert.err.constData());
        const QString revertBatch = QRegularExpression(QStringLiteral("Batch (\\d+) is a draft"))
                                        .match(QString::fromUtf8(revert.err + revert.out))
                                        .captured(1);
        QVERIFY2(!revertBatch.isEmpty(), revert.err.constData());
        const QString reverted = approveAndRun(revertBatch);
        QVERIFY2(reverted.contains(u"is done"), qPrintable(reverted));
        const auto diff =
            runCli({QStringLiteral("diff"), QStringLiteral("--db"), uri(QStringLiteral("oncall")),
                    QStringLiteral("--backup"), uri(QStringLiteral("oncall"), before),
                    QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(diff.exitCode == 0 || diff.exitCode == 3, diff.err.constData());
        for (const QJsonValue &t : jsonOf(diff)[QStringLiteral("tables")].toArray())
            for (const char *kind : {"deleted", "created", "new", "changed"})
                QVERIFY2(t[QLatin1String(kind)].toInt() == 0,
                         qPrintable(t[QStringLiteral("table")].toString() + u' ' + kind));
    }

    void theOverwrittenConversationsComeBackExceptNewerWork()
    {
        const QJsonObject truth = test::manifest()[QStringLiteral("incidents")]
                                                  [QStringLiteral("overwritten_conversations")]
                                                      .toObject();
        const QSet<qint64> overwritten =
            test::idSet(truth[QStringLiteral("rows")][QStringLiteral("support_conversations")]);
        const QSet<qint64> changedSince =
            test::idSet(test::manifest()[QStringLiteral("restore")][QStringLiteral("changed_since")]
                                        [QStringLiteral("overwritten_conversations")]);
        QVERIFY(!changedSince.isEmpty());
        const QString window = truth[QStringLiteral("window")][QStringLiteral("from")].toString() +
                               u'/' +
                               truth[QStringLiteral("window")][QStringLiteral("to")].toString();
        const QString caseId = openCase(QStringLiteral("Conversations overwritten"));
        const auto planned =
            as(QStringLiteral("oncall"),
               {QStringLiteral("restore"), QStringLiteral("plan"), QStringLiteral("--backup"),
                backup(), QStringLiteral("--field"), QStringLiteral("support_conversations.status"),
                QStringLiteral("--field"), QStringLiteral("support_conversations.assignee"),
                QStringLiteral("--incident-window"), window, QStringLiteral("--case"), caseId,
                QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QJsonObject plan = jsonOf(planned);
        const auto idOf = [](const QJsonValue &row) {
            return QJsonDocument::fromJson(row[QStringLiteral("key")].toString().toUtf8())
                .object()[QStringLiteral("id")]
                .toInteger();
        };
        QSet<qint64> putBack, conflicts;
        for (const QJsonValue &item : plan[QStringLiteral("items")].toArray())
            putBack.insert(idOf(item));
        for (const QJsonValue &c : plan[QStringLiteral("conflicts")].toArray()) {
            QCOMPARE(c[QStringLiteral("reason")].toString(), QStringLiteral("changed_since"));
            conflicts.insert(idOf(c));
        }
        QCOMPARE(conflicts, changedSince);
        QCOMPARE(putBack, overwritten - changedSince);
        const QString batch = QString::number(plan[QStringLiteral("batch")].toInteger());
        const QString someChangedSince = QString::number(*changedSince.cbegin());
        const QString liveValue =
            value(QStringLiteral("SELECT status || '/' || coalesce(assignee, '') FROM "
                                 "support_conversations WHERE id = %1")
                      .arg(someChangedSince));

        const QString fieldStatus = approveAndRun(batch);
        QVERIFY2(fieldStatus.contains(u"0 conflicts"), qPrintable(fieldStatus));
        const auto verified =
            as(QStringLiteral("oncall"), {QStringLiteral("batch"), QStringLiteral("verify"), batch,
                                          QStringLiteral("--backup"), backup()});
        QVERIFY2(verified.exitCode == 0, verified.out.constData());
        QVERIFY2(verified.out.contains(
                     QStringLiteral("All %1 rows")
                         .arg(QLocale(QLocale::English).toString(qlonglong(putBack.size())))
                         .toUtf8()),
                 verified.out.constData());
        // Newer work was left as the people who did it left it.
        QCOMPARE(value(QStringLiteral("SELECT status || '/' || coalesce(assignee, '') FROM "
                                      "support_conversations WHERE id = %1")
                           .arg(someChangedSince)),
                 liveValue);
    }

    void badInputIsRefusedAndChangesNothing()
    {
        const qint64 batchesBefore = batches();
        const QString caseId = openCase(QStringLiteral("Bad input"));
        const QStringList plan = {QStringLiteral("restore"), QStringLiteral("plan"),
                                  QStringLiteral("--case"),  caseId,
                                  QStringLiteral("--user"),  QStringLiteral("29")};

        // A backup of another database.
        const auto other =
            as(QStringLiteral("oncall"),
               plan + QStringList{QStringLiteral("--backup"),
                                  uri(QStringLiteral("oncall"), QStringLiteral("postgres"))});
        QCOMPARE(other.exitCode, 1);
        QVERIFY2(other.err.contains("the backup has no table public.accounts"),
                 other.err.constData());
        QVERIFY(other.err.contains("nothing was compared"));

        // A backup that does not hold the rows asked for: an account
        // created after it was taken.
        const QString newest = value(QStringLiteral("SELECT max(id) FROM accounts"));
        const auto lacking =
            as(QStringLiteral("oncall"),
               {QStringLiteral("restore"), QStringLiteral("plan"), QStringLiteral("--case"), caseId,
                QStringLiteral("--user"), newest, QStringLiteral("--backup"), backup()});
        QCOMPARE(lacking.exitCode, 1);
        QVERIFY2(lacking.err.contains(
                     QStringLiteral("The backup holds no account %1.").arg(newest).toUtf8()),
                 lacking.err.constData());
        QVERIFY2(lacking.err.contains("no batch was made"), lacking.err.constData());

        const auto asOwner = [&](const QString &sql) {
            db::Session owner(ConnectionProfile::fromUri(test::demoCluster().adminUri(m_copy)),
                              QString(), writable());
            owner.executeScript(sql);
        };
        // A table nobody registered for corrective batches: refused at plan
        // time, naming the command, rather than after the approval.
        asOwner(QStringLiteral("UPDATE services SET name = name || ' (renamed)' WHERE id = 1"));
        const auto unregistered =
            as(QStringLiteral("oncall"),
               {QStringLiteral("restore"), QStringLiteral("plan"), QStringLiteral("--case"), caseId,
                QStringLiteral("--backup"), backup(), QStringLiteral("--field"),
                QStringLiteral("services.name")});
        QCOMPARE(unregistered.exitCode, 1);
        QVERIFY2(unregistered.err.contains("Corrective batches may not write"),
                 unregistered.err.constData());
        QVERIFY2(unregistered.err.contains("payops allow-writes --table \"public\".\"services\""),
                 unregistered.err.constData());

        // A column added since the backup (the copy is ours to alter).
        asOwner(QStringLiteral("ALTER TABLE accounts ADD COLUMN nickname text"));
        const auto added =
            as(QStringLiteral("oncall"), plan + QStringList{QStringLiteral("--backup"), backup()});
        QCOMPARE(added.exitCode, 1);
        QVERIFY2(added.err.contains("the backup's public.accounts has no column nickname"),
                 added.err.constData());
        QVERIFY2(added.err.contains("added, dropped or retyped since the backup"),
                 added.err.constData());
        // A column dropped since the backup.
        asOwner(QStringLiteral("ALTER TABLE accounts DROP COLUMN nickname"));
        asOwner(QStringLiteral("ALTER TABLE accounts DROP COLUMN closed_at"));
        const auto dropped =
            as(QStringLiteral("oncall"), plan + QStringList{QStringLiteral("--backup"), backup()});
        QCOMPARE(dropped.exitCode, 1);
        QVERIFY2(dropped.err.contains("live public.accounts has no column closed_at"),
                 dropped.err.constData());

        QCOMPARE(batches(), batchesBefore);
    }
};

QTEST_GUILESS_MAIN(TestRestoreOnDemo)
#include "test_restore_on_demo.moc"
