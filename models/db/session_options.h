#pragma once

#include <QString>

namespace payops::db {

// How a session behaves once connected. The defaults are the investigation
// defaults: read-only, bounded statements, and a name that shows in
// pg_stat_activity who is looking.
struct SessionOptions
{
    bool readOnly = true;
    int statementTimeoutMs = 120000;
    int connectTimeoutSeconds = 10;
    QString purpose = QStringLiteral("investigation"); // shown in application_name

    // "payops-console investigation (alice@host)"; at most 63 bytes as PostgreSQL keeps.
    QString applicationName(const QString &program) const;
};

QString operatingSystemUser();

} // namespace payops::db
