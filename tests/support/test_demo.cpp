#include "support/test_demo.h"
#include "core/user_error.h"
#include "pgtools/sandbox_cluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

namespace payops::test {

demo::DemoCluster &demoCluster()
{
    static std::unique_ptr<demo::DemoCluster> cluster;
    if (!cluster) {
        const QString dir = qEnvironmentVariable("PAYOPS_DEMO_DIR");
        if (dir.isEmpty())
            qFatal("PAYOPS_DEMO_DIR is not set: run this test through ctest, whose fixture starts "
                   "the demo");
        cluster = std::make_unique<demo::DemoCluster>(dir);
        if (!cluster->isRunning() || !cluster->isBuilt())
            qFatal("the demo in %s is not running or not built", qPrintable(dir));
    }
    return *cluster;
}

std::unique_ptr<db::Session> adminSession(const QString &database)
{
    db::SessionOptions options;
    options.purpose = QStringLiteral("test");
    return std::make_unique<db::Session>(
        ConnectionProfile::fromUri(demoCluster().adminUri(database)), QString(), options,
        QStringLiteral("payops-test"));
}

ConnectionProfile personProfile(const QString &user, const QString &database)
{
    ConnectionProfile profile;
    profile.name = QStringLiteral("demo as ") + user;
    profile.host = demoCluster().stateDir();
    profile.port = 5432;
    profile.database = database;
    profile.user = user;
    profile.environmentLabel = QStringLiteral("demo");
    return profile;
}

ConnectionProfile liveProfile()
{
    auto profile = ConnectionProfile::fromUri(demoCluster().liveUri(), QStringLiteral("demo"));
    profile.name = QStringLiteral("demo");
    return profile;
}

QJsonObject manifest()
{
    static QJsonObject cached;
    if (cached.isEmpty())
        cached = QJsonDocument::fromJson(demoCluster().manifestJson().toUtf8()).object();
    return cached;
}

QString adminValue(const QString &sql, const QString &database)
{
    return adminSession(database)->query(sql).rows.value(0).value(0);
}

QSet<qint64> idSet(const QJsonValue &array)
{
    QSet<qint64> ids;
    for (const QJsonValue &v : array.toArray())
        ids.insert(qint64(v.toDouble()));
    return ids;
}

static int sandboxesOn(const QString &adminUri)
{
    db::Session session(ConnectionProfile::fromUri(adminUri), QString(), db::SessionOptions());
    return session
        .query(QStringLiteral("SELECT (SELECT count(*) FROM pg_database WHERE datname LIKE "
                              "'payops\\_sandbox\\_%') + (SELECT count(*) FROM pg_roles WHERE "
                              "rolname LIKE 'payops\\_sandbox\\_%')"))
        .rows.value(0)
        .value(0)
        .toInt();
}

int sandboxLeftovers()
{
    const pgtools::SandboxCluster sandbox;
    const auto lease = sandbox.lease([](const QString &) {});
    return sandboxesOn(sandbox.cluster().adminUri(QStringLiteral("postgres"))) +
           sandboxesOn(demoCluster().adminUri(QStringLiteral("postgres")));
}

bool sandboxClusterRunning()
{
    return pgtools::SandboxCluster().cluster().isRunning();
}

QString errorOf(const std::function<void()> &action)
{
    try {
        action();
    } catch (const UserError &e) {
        return e.message();
    }
    return {};
}

} // namespace payops::test
