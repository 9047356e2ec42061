// The incident-1 restore on the demo (the 312 accounts the sync job deleted
// and every record of theirs moved to the sentinel), on a fresh copy of
// billing_drill each run:
//  - planning (check both sides, read the accounts' rows and the
//    sentinels', plan), against a baseline that only reads the same rows on
//    both sides with one statement per table and side;
//  - applying the approved batch with the executor (exactly once: a run
//    record per item, checks, a savepoint per item, chunks of --chunk),
//    against a baseline that writes the same rows in one bulk statement per
//    table and kind, in a transaction rolled back: what a careful hand
//    repair without records would cost.
// Usage: bench_restore [--runs N] [--chunk N]   (the demo in $PAYOPS_DEMO_DIR)
#include "core/connection_profile.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "demo/demo_cluster.h"
#include "diff/backup_comparison.h"
#include "diff/user_diff.h"
#include "exec/batch_executor.h"
#include "restore/restore_batch.h"
#include "restore/restore_planner.h"
#include "restore/user_changes.h"
#include "schema/schema_profile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <memory>
#include <vector>

using namespace payops;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

db::SessionOptions writable()
{
    db::SessionOptions options;
    options.readOnly = false;
    options.statementTimeoutMs = 0;
    return options;
}

std::unique_ptr<db::Session> connect(const QString &uri, bool write = false)
{
    db::SessionOptions options = write ? writable() : db::SessionOptions();
    options.statementTimeoutMs = 0;
    return std::make_unique<db::Session>(ConnectionProfile::fromUri(uri), QString(), options,
                                         QStringLiteral("bench"));
}

const QString kVictims = QStringLiteral(
    "SELECT DISTINCT account_id::text FROM account_events WHERE kind = 'deleted' AND actor = "
    "'sync-job'");

struct Planned
{
    restore::RestorePlan plan;
    double ms = 0;
};

Planned planOnce(db::Session &live, db::Session &backup, const QSet<QString> &users)
{
    const schema::SchemaProfile profile = schema::SchemaProfile::demo();
    QElapsedTimer clock;
    clock.start();
    QStringList tables;
    for (const diff::UserTable &t : diff::userTablesFromProfile(live, profile))
        tables << t.table;
    diff::BackupComparison comparison(live, backup, profile, tables, {});
    restore::RestorePlanner planner(live, backup, profile, comparison.plan().tables);
    const auto changes = restore::changesOfUsers(live, backup, profile, planner, users,
                                                 comparison.plan().backupTime.takenAt);
    restore::RestoreSelection selection;
    selection.users = users;
    Planned result{planner.plan(changes, selection), 0};
    result.ms = double(clock.elapsed());
    return result;
}

// Reads the users' rows (and the sentinel's) on one side, one statement per table.
double readRowsOnce(db::Session &side, db::Session &live, const QSet<QString> &users)
{
    QStringList ids(users.cbegin(), users.cend());
    ids << QStringLiteral("1");
    QElapsedTimer clock;
    clock.start();
    for (const diff::UserTable &t :
         diff::userTablesFromProfile(live, schema::SchemaProfile::demo())) {
        if (!t.through.isEmpty())
            continue;
        side.query(QStringLiteral("SELECT to_jsonb(t)::text FROM public.%1 AS t WHERE t.%2 = ANY "
                                  "($1::text[]::bigint[])")
                       .arg(db::quoteIdent(t.table), db::quoteIdent(t.userColumn)),
                   {db::textArrayLiteral(ids)});
    }
    return double(clock.elapsed());
}

// The batch's rows written in bulk, one statement per table and kind, rolled back.
double bulkWriteOnce(db::Session &admin, qint64 batch)
{
    const ResultTable tables = admin.query(
        QStringLiteral("SELECT DISTINCT target_table, change ->> 'op' FROM payops.batch_items "
                       "WHERE batch_id = $1"),
        {QString::number(batch)});
    QElapsedTimer clock;
    clock.start();
    admin.executeScript(QStringLiteral("BEGIN"));
    for (const auto &row : tables.rows) {
        const QString table = row[0];
        const QString filter =
            QStringLiteral("i.batch_id = %1 AND i.target_table = %2 AND i.change ->> 'op' = %3")
                .arg(batch)
                .arg(db::sqlLiteral(table), db::sqlLiteral(row[1]));
        if (row[1] == u"insert")
            admin.executeScript(QStringLiteral("INSERT INTO %1 SELECT (jsonb_populate_record("
                                               "NULL::%1, i.change -> 'row')).* FROM "
                                               "payops.batch_items i WHERE %2")
                                    .arg(table, filter));
        else
            admin.executeScript(
                QStringLiteral("UPDATE %1 AS t SET account_id = (i.change -> 'set' ->> "
                               "'account_id')::bigint FROM payops.batch_items i WHERE %2 AND t.id "
                               "= (i.target_key::jsonb ->> 'id')::bigint")
                    .arg(table, filter));
    }
    const double ms = double(clock.elapsed());
    admin.executeScript(QStringLiteral("ROLLBACK"));
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    int runs = 3, chunk = 200;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--runs")
            runs = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--chunk")
            chunk = std::max(1, args[i + 1].toInt());
    }
    demo::DemoCluster demo;
    const QString copy = QStringLiteral("bench_restore_%1").arg(app.applicationPid());
    auto postgres = connect(demo.adminUri(QStringLiteral("postgres")), true);
    try {
        postgres->executeScript(
            QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill").arg(db::quoteIdent(copy)));
        const QString oncall = demo.socketUri(QStringLiteral("oncall:oncall"), copy);
        auto live = connect(oncall);
        auto backup = connect(demo.backupUri());
        QSet<QString> users;
        for (const auto &row : live->query(kVictims).rows)
            users.insert(row[0]);

        std::vector<double> planMs, readMs;
        Planned planned;
        for (int run = 0; run <= runs; ++run) { // the first warms the caches
            planned = planOnce(*live, *backup, users);
            const double read =
                readRowsOnce(*backup, *live, users) + readRowsOnce(*live, *live, users);
            if (run > 0) {
                planMs.push_back(planned.ms);
                readMs.push_back(read);
            }
        }
        const qint64 items = planned.plan.items.size();
        out << "plan: " << items << " items for " << users.size() << " accounts; median of " << runs
            << ": " << median(planMs) << " ms; reading the same rows: " << median(readMs)
            << " ms; ratio " << QString::number(median(planMs) / median(readMs), 'f', 2) << '\n';

        auto operatorSession = connect(oncall, true);
        const QString caseId =
            operatorSession->query(QStringLiteral("SELECT payops.create_case('bench', 'high')"))
                .rows[0][0];
        const qint64 batch =
            restore::draftRestoreBatch(*operatorSession, caseId.toLongLong(), planned.plan,
                                       QStringLiteral("bench"), QStringLiteral("demo"));
        const QString hash = operatorSession
                                 ->query(QStringLiteral("SELECT payops.submit_batch($1::bigint)"),
                                         {QString::number(batch)})
                                 .rows[0][0];
        connect(demo.socketUri(QStringLiteral("finance:finance"), copy), true)
            ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                    {QString::number(batch), hash});
        auto admin = connect(demo.adminUri(copy), true);
        std::vector<double> bulkMs;
        for (int run = 0; run <= runs; ++run) {
            const double ms = bulkWriteOnce(*admin, batch);
            if (run > 0)
                bulkMs.push_back(ms);
        }
        exec::BatchExecutor executor(*operatorSession, batch);
        executor.startOrResume();
        const exec::ExecutionReport report = executor.run(chunk);
        out << "apply: " << report.appliedNow << " items in " << report.elapsedMs << " ms ("
            << QString::number(1000.0 * double(report.appliedNow) / double(report.elapsedMs), 'f',
                               0)
            << " items/s, chunks of " << chunk << "), state " << report.batchState
            << "; the same rows in bulk, rolled back: " << median(bulkMs) << " ms; ratio "
            << QString::number(double(report.elapsedMs) / median(bulkMs), 'f', 1) << '\n';
    } catch (const UserError &e) {
        out << "bench_restore: " << e.message() << '\n';
        postgres->executeScript(
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db::quoteIdent(copy)));
        return 1;
    }
    postgres->executeScript(
        QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db::quoteIdent(copy)));
    return 0;
}
