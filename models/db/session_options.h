#pragma once

#include <QString>

#include <optional>

namespace payops::db {

// Which server of a connection a session works on. Investigation (scans,
// diffs, browsing a finding's rows) prefers a hot standby, so that the
// heavy reading stays off the primary; records (cases, batches, outreach,
// the audit chain) are read and written on the primary only, where they
// are current and where their writes land.
enum class Server { Investigation, Primary };

// How a session behaves once connected. The defaults are the investigation
// defaults: read-only, bounded statements, and a name that shows in
// pg_stat_activity who is looking.
struct SessionOptions
{
    bool readOnly = true;
    int statementTimeoutMs = 120000;
    int connectTimeoutSeconds = 10;
    QString purpose = QStringLiteral("investigation"); // shown in application_name
    // Unset: investigation when read-only, the primary when writable.
    std::optional<Server> server;
    // How many times a read-only statement that a standby cancelled for a
    // recovery conflict runs again before the session gives up and says why.
    int recoveryConflictRetries = 5;

    Server target() const
    {
        return server.value_or(readOnly ? Server::Investigation : Server::Primary);
    }
    // A read-only session on the primary: for reading the payops records.
    static SessionOptions primaryReader(const QString &purpose);

    // "payops-console investigation (alice@host)"; at most 63 bytes as PostgreSQL keeps.
    QString applicationName(const QString &program) const;
};

QString operatingSystemUser();

} // namespace payops::db
