#include "support/scratch_payops.h"

#include "core/user_error.h"
#include "db/sql_text.h"
#include "ops/migrator.h"
#include "ops/role_grants.h"
#include "support/test_demo.h"

#include <QCoreApplication>
#include <QTest>

namespace payops::test {

namespace {

db::SessionOptions writable(int statementTimeoutMs = 60000)
{
    db::SessionOptions options;
    options.readOnly = false;
    options.statementTimeoutMs = statementTimeoutMs;
    return options;
}

std::unique_ptr<db::Session> superuserOn(const QString &database)
{
    return std::make_unique<db::Session>(
        ConnectionProfile::fromUri(demoCluster().adminUri(database)), QString(), writable(),
        QStringLiteral("payops-test"));
}

// Which console roles each member of the cast gets.
const QList<QPair<QString, QStringList>> kCast = {
    {QStringLiteral("viewer"), {QStringLiteral("viewer")}},
    {QStringLiteral("support"), {QStringLiteral("support")}},
    {QStringLiteral("operator"), {QStringLiteral("operator")}},
    {QStringLiteral("operator2"), {QStringLiteral("operator")}},
    {QStringLiteral("approver"), {QStringLiteral("approver")}},
    {QStringLiteral("approver2"), {QStringLiteral("approver")}},
    {QStringLiteral("both"), {QStringLiteral("operator"), QStringLiteral("approver")}},
    {QStringLiteral("watcher"), {QStringLiteral("watcher")}},
};

} // namespace

ScratchPayops::ScratchPayops(const QString &tag, int schemaVersion)
{
    const QString suffix =
        tag + QLatin1Char('_') + QString::number(QCoreApplication::applicationPid());
    m_database = QStringLiteral("payops_") + suffix;
    superuserOn(QStringLiteral("postgres"))
        ->executeScript(QStringLiteral("CREATE DATABASE ") + db::quoteIdent(m_database));
    auto own = owner();
    ops::Migrator::migrate(
        *own, [](const QString &) {}, schemaVersion);
    for (const auto &[who, consoleRoles] : kCast) {
        const QString name = who + QLatin1Char('_') + suffix;
        m_roles.insert(who, name);
        own->executeScript(
            QStringLiteral("DROP ROLE IF EXISTS %1; CREATE ROLE %1 LOGIN PASSWORD 'pw'")
                .arg(db::quoteIdent(name)));
        for (const QString &consoleRole : consoleRoles)
            for (const QString &statement : ops::grantStatements(consoleRole, name))
                own->executeScript(statement);
    }
}

ScratchPayops::~ScratchPayops()
{
    try {
        auto admin = superuserOn(QStringLiteral("postgres"));
        admin->executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                 .arg(db::quoteIdent(m_database)));
        for (const QString &name : m_roles)
            admin->executeScript(
                QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(name)));
    } catch (const UserError &e) {
        qWarning("could not drop the scratch database %s: %s", qPrintable(m_database),
                 qPrintable(e.message()));
    }
}

QString ScratchPayops::uri(const QString &who) const
{
    return demoCluster().socketUri(role(who) + QStringLiteral(":pw"), m_database);
}

std::unique_ptr<db::Session> ScratchPayops::as(const QString &who, int statementTimeoutMs) const
{
    if (!m_roles.contains(who))
        qFatal("the scratch cast has no \"%s\"", qPrintable(who));
    return std::make_unique<db::Session>(ConnectionProfile::fromUri(uri(who)), QString(),
                                         writable(statementTimeoutMs),
                                         QStringLiteral("payops-test"));
}

std::unique_ptr<db::Session> ScratchPayops::owner() const
{
    return superuserOn(m_database);
}

QString ScratchPayops::value(db::Session &s, const QString &sql, const QStringList &params)
{
    return s.query(sql, params).rows.value(0).value(0);
}

QString ScratchPayops::refusal(db::Session &s, const QString &sql, const QStringList &params)
{
    try {
        s.query(sql, params);
    } catch (const UserError &e) {
        return e.message();
    }
    return {};
}

} // namespace payops::test
