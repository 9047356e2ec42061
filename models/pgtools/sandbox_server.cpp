#include "pgtools/sandbox_server.h"

#include "core/connection_secrets.h"
#include "pgtools/sandbox_cluster.h"

#include <QSettings>

namespace payops::pgtools {

SandboxServer SandboxServer::configured(const QString &uriWithMaybeAPassword)
{
    return {withoutPassword(uriWithMaybeAPassword.trimmed()),
            passwordIn(uriWithMaybeAPassword.trimmed())};
}

SandboxServer SandboxServer::fromSettings(const QSettings &settings)
{
    const QString uri = settings.value(QStringLiteral("sandbox/server")).toString().trimmed();
    return uri.isEmpty() ? own() : configured(uri);
}

QString SandboxServer::describe() const
{
    if (isOwn())
        return QStringLiteral("the console's own sandbox cluster in %1")
            .arg(SandboxCluster::defaultDir());
    return QStringLiteral("the sandbox server %1").arg(uri);
}

} // namespace payops::pgtools
