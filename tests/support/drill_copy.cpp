#include "support/drill_copy.h"

#include "db/session.h"
#include "db/sql_text.h"
#include "ops/role_grants.h"
#include "support/test_demo.h"

#include <QCoreApplication>

namespace payops::test {

namespace {

std::unique_ptr<db::Session> adminOn(const QString &database)
{
    db::SessionOptions writable;
    writable.readOnly = false;
    return std::make_unique<db::Session>(
        ConnectionProfile::fromUri(demoCluster().adminUri(database)), QString(), writable);
}

} // namespace

DrillCopy::DrillCopy(const QString &tag)
    : m_database(QStringLiteral("%1_%2").arg(tag).arg(QCoreApplication::applicationPid()))
    , m_secondApprover(
          QStringLiteral("finance2_%1_%2").arg(tag).arg(QCoreApplication::applicationPid()))
{
    auto admin = adminOn(QStringLiteral("postgres"));
    admin->executeScript(
        QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db::quoteIdent(m_database)));
    admin->executeScript(QStringLiteral("CREATE DATABASE %1 TEMPLATE billing_drill")
                             .arg(db::quoteIdent(m_database)));
    admin->executeScript(
        QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(m_secondApprover)));
    admin->executeScript(
        QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw'").arg(db::quoteIdent(m_secondApprover)));
    auto owner = adminOn(m_database);
    for (const QString &statement :
         ops::grantStatements(QStringLiteral("approver"), m_secondApprover))
        owner->executeScript(statement);
}

DrillCopy::~DrillCopy()
{
    try {
        auto admin = adminOn(QStringLiteral("postgres"));
        admin->executeScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                                 .arg(db::quoteIdent(m_database)));
        admin->executeScript(
            QStringLiteral("DROP ROLE IF EXISTS %1").arg(db::quoteIdent(m_secondApprover)));
    } catch (...) {
        // A test that failed may leave the copy; the next run drops it first.
    }
}

QString DrillCopy::uri(const QString &who) const
{
    if (who == u"admin")
        return demoCluster().adminUri(m_database);
    if (who == u"finance2")
        return demoCluster().socketUri(m_secondApprover + QStringLiteral(":pw"), m_database);
    return demoCluster().socketUri(who + QLatin1Char(':') + who, m_database);
}

QString DrillCopy::value(const QString &sql) const
{
    return adminValue(sql, m_database);
}

} // namespace payops::test
