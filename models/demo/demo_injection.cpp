#include "demo/demo_injection.h"

#include "core/connection_profile.h"
#include "core/user_error.h"
#include "db/session.h"
#include "demo/demo_cluster.h"

#include <QFile>

namespace payops::demo {

QStringList DemoInjection::incidents()
{
    return {QStringLiteral("account_deletions"), QStringLiteral("wrong_customer_charges"),
            QStringLiteral("staging_refunds"), QStringLiteral("overwritten_conversations"),
            QStringLiteral("double_interest")};
}

InjectionResult DemoInjection::inject(const DemoCluster &demo, const QString &incident,
                                      const QString &database)
{
    if (!incidents().contains(incident))
        throw UserError(
            incident.isEmpty() ? QStringLiteral("payops demo inject needs the name of an incident.")
                               : QStringLiteral("The demo has no incident \"%1\".").arg(incident),
            QStringLiteral("Give one of: %1.").arg(incidents().join(QStringLiteral(", "))));
    if (!demo.isBuilt() || !demo.isRunning())
        throw UserError(
            QStringLiteral("The demo in %1 is not built or not running.").arg(demo.stateDir()),
            QStringLiteral("Run: payops demo start"));

    {
        db::Session cluster(ConnectionProfile::fromUri(demo.adminUri(QStringLiteral("postgres"))),
                            QString(), db::SessionOptions());
        if (cluster
                .query(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = $1"), {database})
                .rows.isEmpty())
            throw UserError(
                QStringLiteral("The demo has no database \"%1\".").arg(database),
                QStringLiteral("Give billing, or a copy of it made with CREATE DATABASE ... "
                               "TEMPLATE billing."));
    }

    QFile script(QStringLiteral(":/demo/inject_%1.sql").arg(incident));
    if (!script.open(QIODevice::ReadOnly))
        throw UserError(
            QStringLiteral("The demo script %1 is missing from this build.").arg(script.fileName()),
            QStringLiteral("Rebuild the console."));

    db::SessionOptions options;
    options.readOnly = false;
    db::Session session(ConnectionProfile::fromUri(demo.adminUri(database)), QString(), options,
                        QStringLiteral("payops-demo-inject"));
    if (session.query(QStringLiteral("SELECT to_regclass('demo_truth.changes') IS NOT NULL"))
            .rows.value(0)
            .value(0) != u"t")
        throw UserError(
            QStringLiteral("The database \"%1\" holds no demo truth to record the injection in.")
                .arg(database),
            QStringLiteral("Inject into billing (the default) or a copy of it."));

    InjectionResult result;
    result.actor = QStringLiteral("injected_") + incident;
    const QString before =
        session.query(QStringLiteral("SELECT coalesce(max(seq), 0) FROM demo_truth.changes"))
            .rows.value(0)
            .value(0);
    // One transaction: an injection lands whole or not at all. The window
    // fact keeps the start of the first injection and moves its end.
    session.executeScript(
        QStringLiteral("BEGIN;\n"
                       "SET LOCAL TimeZone = 'UTC';\n"
                       "SELECT set_config('payops_demo.actor', '%1', true);\n"
                       "%2\n"
                       "INSERT INTO demo_truth.facts VALUES ('window.%1', "
                       "(now() - interval '10 minutes')::timestamptz(0)::text || '/' || "
                       "now()::timestamptz(0)::text)\n"
                       "ON CONFLICT (key) DO UPDATE SET value = split_part(demo_truth.facts.value, "
                       "'/', 1) || '/' || split_part(excluded.value, '/', 2);\n"
                       "COMMIT;\n")
            .arg(result.actor, QString::fromUtf8(script.readAll())));
    const ResultTable after = session.query(
        QStringLiteral("SELECT (SELECT count(*) FROM demo_truth.changes WHERE seq > $1::bigint "
                       "AND actor = $2), (SELECT value FROM demo_truth.facts WHERE key = $3)"),
        {before, result.actor, QStringLiteral("window.") + result.actor});
    result.rowsRecorded = after.rows.value(0).value(0).toInt();
    result.window = after.rows.value(0).value(1);
    return result;
}

} // namespace payops::demo
