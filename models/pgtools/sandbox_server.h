#pragma once

#include <QString>

class QSettings;

namespace payops::pgtools {

// Where pg_dump archives are restored to be compared: the console's own
// sandbox cluster, unless the operator configured a server (the console's
// setting sandbox/server, or payops diff --sandbox-server). Never another
// program's server by accident.
struct SandboxServer
{
    QString uri;      // without password; empty: the console's own sandbox cluster
    QString password; // of a configured server; never saved

    static SandboxServer own() { return {}; }
    // A configured server's URI; its password, if it carries one, is taken out.
    static SandboxServer configured(const QString &uriWithMaybeAPassword);
    // The setting sandbox/server, else the console's own cluster.
    static SandboxServer fromSettings(const QSettings &settings);

    bool isOwn() const { return uri.isEmpty(); }
    // For messages: "the console's own sandbox cluster in /tmp/…" or the URI.
    QString describe() const;
};

} // namespace payops::pgtools
