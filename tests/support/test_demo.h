#pragma once

#include <functional>

#include "core/result_table.h"
#include "db/session.h"
#include "demo/demo_cluster.h"

#include <QJsonObject>

#include <memory>

namespace payops::test {

// The demo cluster that the ctest fixture started (PAYOPS_DEMO_DIR). Fails
// the test, never skips it, when run outside that fixture.
demo::DemoCluster &demoCluster();
// A read-only session as the cluster owner, who may read demo_truth.
std::unique_ptr<db::Session> adminSession(const QString &database = QStringLiteral("billing"));
// The live database as one of the demo's people (oncall, support,
// finance), as a profile saved in the console would hold it: no password.
// database: another database of the demo cluster (a test's own copy).
ConnectionProfile personProfile(const QString &user,
                                const QString &database = QStringLiteral("billing"));
// The live database as the investigation role oncall.
ConnectionProfile liveProfile();
QJsonObject manifest();
// A single value from a query run as the owner.
QString adminValue(const QString &sql, const QString &database = QStringLiteral("billing"));
// A set of ids from a JSON array of numbers.
QSet<qint64> idSet(const QJsonValue &array);
// Restore sandboxes (databases and their roles) left on the console's own
// sandbox cluster and on the demo's; starts the sandbox cluster briefly to
// look. And whether the sandbox cluster is running (it should not be once
// every restore is over).
int sandboxLeftovers();
bool sandboxClusterRunning();
// The message of the UserError `action` throws; empty when it throws none.
QString errorOf(const std::function<void()> &action);

} // namespace payops::test
