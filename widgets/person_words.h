#pragma once

#include <QString>
#include <QStringList>

namespace payops {

// Who the console's three users are, in the words the window shows them:
// the on-call engineer (payops operator), support (payops support) and
// finance (payops approver); docs/SECURITY.md lists what each may do.

// "on-call engineer", "support agent", "finance", "viewer (reads only)".
QString personOfRole(const QString &consoleRole);
// Where the person's work starts, in words: "open findings", "people to contact".
QString startOfRole(const QString &consoleRole);
// The demo's logins (password = name, docs/DEMO.md): oncall, support, finance.
QStringList demoLogins();
// The console role the demo gives a login: oncall operator, support
// support, finance approver.
QString demoLoginRole(const QString &login);

} // namespace payops
