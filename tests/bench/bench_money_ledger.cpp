// Refunds written by the ledger adapter, on a fresh copy of billing_drill:
// --items succeeded charges without refunds, each refunded whole into the
// demo's refunds table by the executor (per item: the cap read from the
// charge and its refunds, a savepoint, the insert, its record), against a
// baseline writing the same rows in one bulk statement, rolled back.
// Usage: bench_money_ledger [--items N] [--chunk N] [--profile] [--keep]
//        (the demo in $PAYOPS_DEMO_DIR)
// --profile also prints the server's time per function of the run
// (track_functions), where to look when the figure moves; --keep leaves
// the copy there, to look into with psql.
#include "core/connection_profile.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "demo/demo_cluster.h"
#include "exec/batch_executor.h"
#include "money/ledger_refunds.h"
#include "money/money_batch.h"
#include "money/refund_planner.h"
#include "ops/role_grants.h"
#include "schema/schema_profile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <cstdio>
#include <memory>

using namespace payops;

namespace {

std::unique_ptr<db::Session> connect(const QString &uri)
{
    db::SessionOptions options;
    options.readOnly = false;
    options.statementTimeoutMs = 0;
    return std::make_unique<db::Session>(ConnectionProfile::fromUri(uri), QString(), options,
                                         QStringLiteral("bench"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int items = 10000, chunk = 200;
    const bool profileFunctions = args.contains(QStringLiteral("--profile"));
    const bool keep = args.contains(QStringLiteral("--keep"));
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--items")
            items = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--chunk")
            chunk = std::max(1, args[i + 1].toInt());
    }
    demo::DemoCluster demo;
    const QString pid = QString::number(app.applicationPid());
    const QString copy = QStringLiteral("bench_ledger_") + pid;
    const QString second = QStringLiteral("bench_approver_") + pid;
    auto postgres = connect(demo.adminUri(QStringLiteral("postgres")));
    const auto cleanUp = [&] {
        if (keep) {
            std::printf("kept database %s\n", qPrintable(copy));
            return;
        }
        postgres->executeScript(
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db::quoteIdent(copy)));
        postgres->executeScript(
            QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(second)));
    };
    try {
        postgres->executeScript(
            QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill").arg(db::quoteIdent(copy)));
        postgres->executeScript(
            QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw'").arg(db::quoteIdent(second)));
        auto admin = connect(demo.adminUri(copy));
        for (const QString &statement : ops::grantStatements(QStringLiteral("approver"), second))
            admin->executeScript(statement);
        if (profileFunctions)
            admin->executeScript(QStringLiteral("ALTER DATABASE %1 SET track_functions = 'pl'")
                                     .arg(db::quoteIdent(copy)));
        auto oncall = connect(demo.socketUri(QStringLiteral("oncall:oncall"), copy));
        const schema::SchemaProfile profile = schema::SchemaProfile::demo();
        QElapsedTimer clock;
        clock.start();
        const money::MoneyPlan plan = money::asLedgerRefunds(
            *oncall, profile,
            money::planRefunds(*oncall, profile,
                               QStringLiteral("SELECT p.id AS charge FROM payments p WHERE "
                                              "p.status = 'succeeded' AND NOT EXISTS (SELECT 1 "
                                              "FROM refunds r WHERE r.payment_id = p.id) ORDER BY "
                                              "p.id LIMIT %1")
                                   .arg(items)),
            {{QStringLiteral("reason"), QStringLiteral("bench")},
             {QStringLiteral("source_app"), QStringLiteral("payops")},
             {QStringLiteral("source_env"), QStringLiteral("production")}});
        const qint64 planMs = clock.elapsed();
        const QString caseId =
            oncall->query(QStringLiteral("SELECT payops.create_case('bench', 'high')")).rows[0][0];
        const qint64 batch = money::draftMoneyBatch(
            *oncall, caseId.toLongLong(), plan, QStringLiteral("bench"), QStringLiteral("demo"));
        const QString id = QString::number(batch);
        const QString hash =
            oncall->query(QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {id})
                .rows[0][0];
        for (const QString &who : {demo.socketUri(QStringLiteral("finance:finance"), copy),
                                   demo.socketUri(second + QStringLiteral(":pw"), copy)}) {
            auto approver = connect(who);
            if (approver
                    ->query(QStringLiteral("SELECT state FROM payops.batches WHERE id = "
                                           "$1::bigint"),
                            {id})
                    .rows[0][0] == u"submitted")
                approver->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                                {id, hash});
        }
        // Baseline: the same rows in one statement, rolled back.
        clock.restart();
        admin->executeScript(
            QStringLiteral(
                "BEGIN; INSERT INTO public.refunds SELECT "
                "(jsonb_populate_record(NULL::public.refunds, "
                "i.change -> 'row')).* FROM payops.batch_items i WHERE i.batch_id = %1; ROLLBACK;")
                .arg(batch));
        const double bulkMs = double(clock.elapsed());
        exec::BatchExecutor executor(*oncall, batch);
        executor.startOrResume();
        const exec::ExecutionReport report = executor.run(chunk);
        std::printf("%lld ledger refunds (planned in %lld ms): executor %lld ms (%.0f items/s, "
                    "chunks of %d), state %s; the same rows in bulk, rolled back, %.0f ms; ratio "
                    "%.1f\n",
                    qlonglong(plan.items.size()), qlonglong(planMs), qlonglong(report.elapsedMs),
                    1000.0 * double(report.appliedNow) / double(report.elapsedMs), chunk,
                    qPrintable(report.batchState), bulkMs, double(report.elapsedMs) / bulkMs);
        if (profileFunctions) {
            oncall.reset(); // its statistics reach the collector when it ends
            QThread::msleep(1500);
            for (const auto &row :
                 admin
                     ->query(QStringLiteral(
                         "SELECT schemaname || '.' || funcname, calls, round(total_time), "
                         "round(self_time) FROM pg_stat_user_functions ORDER BY self_time DESC "
                         "LIMIT 15"))
                     .rows)
                std::printf("  %-40s %8s calls %8s ms total %8s ms self\n", qPrintable(row[0]),
                            qPrintable(row[1]), qPrintable(row[2]), qPrintable(row[3]));
        }
    } catch (const UserError &e) {
        std::printf("bench_money_ledger: %s\n", qPrintable(e.message()));
        cleanUp();
        return 1;
    }
    cleanUp();
    return 0;
}
