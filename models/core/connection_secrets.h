#pragma once

#include <QString>
#include <QStringList>

namespace payops {

// The one place that knows where a password hides in a connection string
// (a postgresql:// URI's user:password@ or ?password=, or a libpq
// key=value string's password=...). Everything that shows, logs, prints or
// saves a connection goes through withoutPassword(); everything that hands
// a connection to a child process takes the password out with passwordIn()
// and passes it through the environment.

// The URI or key=value string with its password removed (user:pw@host
// becomes user@host; password=... disappears). Other text is returned as is.
QString withoutPassword(const QString &connection);

// The password the connection string carries (percent-decoded for a URI),
// or a null QString when it carries none.
QString passwordIn(const QString &connection);

// Free text (an error message, a log line) with every postgresql:// URI in
// it stripped of its password, every "password=..." pair masked, and every
// occurrence of the given secrets replaced by "***".
QString redactSecrets(const QString &text, const QStringList &secrets = {});

} // namespace payops
