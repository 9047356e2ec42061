#include "db/session.h"

#include "db/error_translation.h"
#include "db/thread_guard.h"

#include "core/connection_secrets.h"

#include <pqxx/pqxx>

#include <QUrl>

#include <QElapsedTimer>
#include <QMutex>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

namespace payops::db {

namespace {

// A URI cannot take extra key=value pairs, so options go through libpq's
// environment-free "options" channel only for key=value strings; for URIs
// the same settings are applied with SET right after connecting.
//
// Which server: libpq's target_session_attrs picks among the hosts. The
// primary's work always asks for "primary" (overriding what the string
// says: a write must never reach a standby); investigation asks for
// "prefer-standby" unless the string chose for itself. A later keyword
// overrides an earlier one in both forms.
std::string buildConnString(const ConnectionProfile &profile, const QString &password,
                            const SessionOptions &options)
{
    const bool primary = options.target() == Server::Primary;
    std::string conn = (primary ? profile.primaryConnInfo() : profile.toConnInfo()).toStdString();
    std::string attrs;
    if (primary)
        attrs = "primary";
    else if (conn.find("target_session_attrs") == std::string::npos)
        attrs = "prefer-standby";
    const bool isUri = conn.rfind("postgresql://", 0) == 0 || conn.rfind("postgres://", 0) == 0;
    if (isUri) {
        const char separator = conn.find('?') == std::string::npos ? '?' : '&';
        conn += separator;
        conn += "connect_timeout=" + std::to_string(options.connectTimeoutSeconds);
        if (!attrs.empty())
            conn += "&target_session_attrs=" + attrs;
        if (!password.isEmpty())
            conn += "&password=" + QUrl::toPercentEncoding(password).toStdString();
        return conn;
    }
    conn += " connect_timeout=" + std::to_string(options.connectTimeoutSeconds);
    if (!attrs.empty())
        conn += " target_session_attrs=" + attrs;
    if (!password.isEmpty())
        conn += " password=" + ConnectionProfile::quoteConnValue(password).toStdString();
    return conn;
}

QString describe(const ConnectionProfile &profile, const SessionOptions &options)
{
    if (options.target() == Server::Primary && !profile.primary.trimmed().isEmpty())
        return QStringLiteral("the primary ") + withoutPassword(profile.primary.trimmed());
    if (!profile.rawUri.isEmpty())
        return withoutPassword(profile.rawUri); // never echo a password a URI carries
    return QStringLiteral("database %1 on %2:%3 as %4")
        .arg(profile.database, profile.host.isEmpty() ? QStringLiteral("localhost") : profile.host)
        .arg(profile.port)
        .arg(profile.user.isEmpty() ? QStringLiteral("the default user") : profile.user);
}

// Every session's statements, for the scan's and the benchmarks' report.
QMutex statsMutex;
StatementStats stats;

void recordStatement(qint64 ms, const QString &sql)
{
    QMutexLocker lock(&statsMutex);
    ++stats.statements;
    if (ms >= stats.longestMs) {
        stats.longestMs = ms;
        stats.longestStatement = sql.simplified().left(160);
    }
}

// A standby cancels a read when replaying a change from the primary would
// remove row versions the read still sees (or waits on a lock or buffer
// it holds): SQLSTATE 40001 or 40P01, "conflict with recovery". A
// read-only statement has no effect, so running it again is safe.
bool isRecoveryConflict(const pqxx::sql_error &error)
{
    const QString state = sqlStateOf(error);
    return state == u"40001" || state == u"40P01" ||
           QString::fromUtf8(error.what()).contains(u"conflict with recovery");
}

// libpq's refusal when target_session_attrs=primary finds only standbys.
bool isStandbyOnlyRefusal(const QString &message)
{
    return message.contains(u"hot standby") || message.contains(u"read-only") ||
           message.contains(u"in recovery");
}

} // namespace

StatementStats statementStats()
{
    QMutexLocker lock(&statsMutex);
    return stats;
}

void resetStatementStats()
{
    QMutexLocker lock(&statsMutex);
    stats = StatementStats();
}

QStringList decodeCopyTextLine(const std::string &line)
{
    // COPY text format: tab-separated, \N is NULL, backslash escapes.
    QStringList fields;
    std::string field;
    bool isNull = false;
    auto finish = [&] {
        fields << (isNull ? QString() : QString::fromUtf8(field.data(), int(field.size())));
        field.clear();
        isNull = false;
    };
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\t') {
            finish();
        } else if (c == '\\' && i + 1 < line.size()) {
            const char e = line[++i];
            switch (e) {
            case 'N':
                isNull = true;
                break;
            case 't':
                field += '\t';
                break;
            case 'n':
                field += '\n';
                break;
            case 'r':
                field += '\r';
                break;
            case 'b':
                field += '\b';
                break;
            case 'f':
                field += '\f';
                break;
            case 'v':
                field += '\v';
                break;
            default:
                if (e >= '0' && e <= '7') {
                    int value = e - '0';
                    for (int k = 0;
                         k < 2 && i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '7';
                         ++k)
                        value = value * 8 + (line[++i] - '0');
                    field += char(value);
                } else {
                    field += e;
                }
            }
        } else if (c != '\n') {
            field += c;
        }
    }
    finish();
    return fields;
}

struct Session::Impl
{
    std::unique_ptr<pqxx::connection> connection;
    SessionOptions options;
    QString description;
    std::string connString; // with the password: kept to reconnect after a recovery conflict
    QString applicationName;
    bool inRecovery = false; // the server is a standby
    std::atomic<bool> cancelRequested{false};
    bool lastWasCancel = false;
    bool lastWasRecoveryConflict = false;
    bool lastWasBrokenConnection = false;

    // Whether the role already holds the console's viewer role, asked after
    // a privilege error so that its remedy fits; false when it cannot be
    // asked. The failed transaction is gone by now, the connection idle.
    bool holdsViewerRole() noexcept
    {
        try {
            if (!connection || !connection->is_open())
                return false;
            pqxx::nontransaction txn(*connection);
            return txn
                .exec1("SELECT coalesce(pg_has_role(session_user, "
                       "to_regrole('payops_viewer'), 'MEMBER'), false)")[0]
                .as<bool>();
        } catch (const std::exception &) {
            return false;
        }
    }

    // The password given and the one the connection string carries: libpq
    // quotes parts of a connection string it cannot parse (the whole URI,
    // or a value as typed), so every message leaving the session is
    // redacted with them.
    QStringList secrets;

    UserError redacted(const UserError &error) const
    {
        // The description has no password by construction: it is kept
        // whole, so a password that equals the user name (the demo's) does
        // not blank out the connection the message names.
        const auto clean = [this](const QString &text) {
            if (description.isEmpty())
                return redactSecrets(text, secrets);
            QStringList parts = text.split(description);
            for (QString &part : parts)
                part = redactSecrets(part, secrets);
            return parts.join(description);
        };
        return UserError(clean(error.problem()), clean(error.remedy()));
    }

    template <typename Work> auto guarded(const QString &action, Work &&work, bool script = false)
    {
        lastWasCancel = false;
        lastWasRecoveryConflict = false;
        lastWasBrokenConnection = false;
        cancelRequested = false;
        ErrorContext context{description, action, script};
        try {
            return work();
        } catch (const pqxx::sql_error &e) {
            lastWasCancel = e.sqlstate() == "57014";
            lastWasRecoveryConflict = options.readOnly && inRecovery && isRecoveryConflict(e);
            // A script may have left its transaction block open: ask nothing.
            if (!script && sqlStateOf(e) == u"42501")
                context.viewer = holdsViewerRole();
            throw redacted(translateDatabaseError(e, context));
        } catch (const UserError &e) {
            const UserError clean = redacted(e);
            if (clean.message() == e.message())
                throw;
            throw clean;
        } catch (const std::exception &e) {
            lastWasBrokenConnection = dynamic_cast<const pqxx::broken_connection *>(&e) != nullptr;
            // A standby may end the whole connection for a conflict
            // ("terminating connection due to conflict with recovery").
            lastWasRecoveryConflict =
                options.readOnly && inRecovery && !cancelRequested &&
                ((connection && !connection->is_open()) ||
                 QString::fromUtf8(e.what()).contains(u"conflict with recovery"));
            throw redacted(translateDatabaseError(e, context));
        }
    }

    // Connects (again) and applies the session settings.
    void connect()
    {
        connection = std::make_unique<pqxx::connection>(connString);
        // Session settings: a guard against accidents, not a security control
        // (grants are). application_name tells the DBA who is connected.
        pqxx::nontransaction setup(*connection);
        const pqxx::row row = setup.exec_params1(
            "SELECT set_config('application_name', $1, false), "
            "set_config('statement_timeout', $2, false), "
            "set_config('default_transaction_read_only', $3, false), "
            "set_config('TimeZone', 'UTC', false), "
            // Literals in a finding's SQL are written for this
            // setting (quotes doubled, backslashes plain).
            "set_config('standard_conforming_strings', 'on', false), "
            // Detector queries are few and long: compiling
            // them costs more than it saves.
            "set_config('jit', 'off', false), pg_is_in_recovery()",
            applicationName.toStdString(), std::to_string(options.statementTimeoutMs),
            std::string(options.readOnly ? "on" : "off"));
        inRecovery = row[6].as<bool>();
    }

    UserError recoveryConflictError(int retries)
    {
        QString delay = QStringLiteral("unknown");
        try {
            if (connection && connection->is_open()) {
                pqxx::nontransaction txn(*connection);
                delay = QString::fromStdString(
                    txn.exec1("SHOW max_standby_streaming_delay")[0].as<std::string>());
            }
        } catch (const std::exception &) {
        }
        return UserError(
            QStringLiteral("The standby (%1) cancelled a statement of this work %2 because it "
                           "was replaying changes from the primary that the statement still "
                           "needed (a recovery conflict). The work stopped; nothing of it is "
                           "shown as a result.")
                .arg(description, retries == 0
                                      ? QStringLiteral("while its rows were being read")
                                      : QStringLiteral("%1 times in a row").arg(retries + 1)),
            QStringLiteral("Ask the standby's DBA to set hot_standby_feedback = on, or to raise "
                           "max_standby_streaming_delay (now %1) above this work's longest "
                           "statement; or run it on the primary, or when the primary writes "
                           "less.")
                .arg(delay));
    }

    // Runs a read-only statement, again (a bounded number of times, a
    // little later each time, on a new connection if the standby ended
    // the old one) when a standby cancelled it for a recovery conflict.
    // restartable: false once part of its answer has been handed out.
    template <typename Work>
    auto retrying(const QString &action, Work &&work, const std::function<bool()> &restartable)
    {
        for (int retries = 0;; ++retries) {
            try {
                return guarded(action, work);
            } catch (const UserError &) {
                if (!lastWasRecoveryConflict)
                    throw;
                if (retries >= options.recoveryConflictRetries || !restartable())
                    throw RecoveryConflict(redacted(recoveryConflictError(retries)));
                {
                    QMutexLocker lock(&statsMutex);
                    ++stats.recoveryConflictRetries;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100 * (retries + 1)));
                // Always on a fresh connection: the standby may have ended the
                // old one, and a stream cut midway can leave its transaction
                // block open there ("current transaction is aborted").
                try {
                    guarded(QStringLiteral("connect again after a recovery conflict"), [this] {
                        connect();
                        return 0;
                    });
                } catch (const UserError &error) {
                    // The standby may cancel the new connection's set-up as
                    // well: the next round tries again on a closed one.
                    if (!lastWasBrokenConnection &&
                        !error.message().contains(u"conflict with recovery"))
                        throw;
                }
            }
        }
    }
};

Session::Session(const ConnectionProfile &profile, const QString &password,
                 const SessionOptions &options, const QString &program)
    : d(std::make_unique<Impl>())
{
    checkDatabaseCallAllowed("connect");
    d->options = options;
    d->secrets = {password, passwordIn(profile.rawUri), passwordIn(profile.primary)};
    d->description = describe(profile, options);
    if (const QString problem = profile.validationError(); !problem.isEmpty())
        throw d->redacted(UserError(problem, QStringLiteral("Correct the connection settings.")));
    d->connString = buildConnString(profile, password, options);
    d->applicationName = options.applicationName(program);
    try {
        // The set-up statement itself may meet a standby's recovery
        // conflict: it is read-only, so it runs again like any other.
        for (int attempt = 0;; ++attempt) {
            try {
                d->guarded(QStringLiteral("connect"), [&] {
                    d->connect();
                    return 0;
                });
                break;
            } catch (const UserError &error) {
                // A standby may also end a connection while it starts.
                const bool conflict = error.message().contains(u"conflict with recovery") ||
                                      d->lastWasBrokenConnection;
                if (!options.readOnly || attempt >= options.recoveryConflictRetries || !conflict)
                    throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(100 * (attempt + 1)));
            }
        }
    } catch (const UserError &error) {
        // Records and writes asked for the primary and found only standbys.
        if (options.target() == Server::Primary && isStandbyOnlyRefusal(error.message()))
            throw d->redacted(UserError(
                QStringLiteral("%1 reaches only a standby (a server in recovery), and %2 works "
                               "on the primary only: cases, batches, outreach and the audit log "
                               "are read and written there.")
                    .arg(d->description, options.purpose),
                QStringLiteral("Add the primary's host to the connection "
                               "(postgresql://user@standby,primary/database) or give the "
                               "primary's location (--primary URI, or Primary in the connection "
                               "settings).")));
        throw;
    }
}

Session::~Session() = default;

ServerIdentity Session::identity()
{
    checkDatabaseCallAllowed("identity");
    // A standby may cancel this first read too: it runs again like a scan's.
    return d->retrying(
        QStringLiteral("read the server identity"),
        [&] {
            pqxx::nontransaction txn(*d->connection);
            const pqxx::row row = txn.exec1(
                "SELECT current_database(), session_user, current_setting('server_version'), "
                "pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on', "
                "coalesce(current_setting('payops.environment', true), ''), "
                "has_function_privilege('pg_control_system()', 'EXECUTE')");
            ServerIdentity identity;
            identity.database = QString::fromStdString(row[0].as<std::string>());
            identity.sessionRole = QString::fromStdString(row[1].as<std::string>());
            identity.serverVersion = QString::fromStdString(row[2].as<std::string>());
            identity.isStandby = row[3].as<bool>();
            identity.readOnlySession = row[4].as<bool>();
            identity.environmentMarker = QString::fromStdString(row[5].as<std::string>());
            if (row[6].as<bool>()) {
                const pqxx::row sys =
                    txn.exec1("SELECT system_identifier::text FROM pg_control_system()");
                identity.systemIdentifier = QString::fromStdString(sys[0].as<std::string>());
            }
            const auto text = [](const pqxx::field &field) {
                return field.is_null() ? QString()
                                       : QString::fromStdString(field.as<std::string>());
            };
            const auto time = [&](const pqxx::field &field) {
                QDateTime at = QDateTime::fromString(text(field), Qt::ISODateWithMs);
                at.setTimeSpec(Qt::UTC);
                return field.is_null() ? QDateTime() : at;
            };
            // Where libpq went among the hosts, and how far a standby has replayed.
            const char *host = d->connection->hostname();
            const char *port = d->connection->port();
            identity.address = QStringLiteral("%1:%2").arg(QString::fromUtf8(host ? host : ""),
                                                           QString::fromUtf8(port ? port : ""));
            const pqxx::row wal = txn.exec1(
                "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS'), "
                "to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD\"T\"HH24:MI:SS.MS'), "
                "pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text, "
                "CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END, "
                "CASE WHEN to_regclass('payops.installation') IS NULL THEN false "
                "ELSE has_table_privilege('payops.installation', 'SELECT') END");
            identity.serverNow = time(wal[0]);
            identity.lastReplayedAt = time(wal[1]);
            identity.receiveLsn = text(wal[2]);
            identity.replayLsn = text(wal[3]);
            identity.currentLsn = text(wal[4]);
            if (wal[5].as<bool>())
                identity.installationId = QString::fromStdString(
                    txn.exec1("SELECT install_id::text FROM payops.installation")[0]
                        .as<std::string>());
            return identity;
        },
        [] { return true; }); // nothing of it is handed out before it ends
}

static ResultTable toResultTable(const pqxx::result &result)
{
    ResultTable table;
    const auto columns = result.columns();
    for (pqxx::row::size_type c = 0; c < columns; ++c)
        table.columns << QString::fromUtf8(result.column_name(c));
    table.rows.reserve(int(result.size()));
    for (const auto &row : result) {
        QVector<QString> values;
        values.reserve(int(columns));
        for (const auto &field : row)
            values << (field.is_null() ? QString()
                                       : QString::fromUtf8(field.c_str(), int(field.size())));
        table.rows << values;
    }
    return table;
}

ResultTable Session::query(const QString &sql, const QStringList &params)
{
    checkDatabaseCallAllowed("query");
    QElapsedTimer timer;
    timer.start();
    ResultTable table = d->retrying(
        QStringLiteral("run a query"),
        [&] {
            std::vector<std::optional<std::string>> values;
            values.reserve(size_t(params.size()));
            for (const QString &p : params)
                values.push_back(p.isNull() ? std::nullopt
                                            : std::optional<std::string>(p.toStdString()));
            pqxx::work txn(*d->connection);
            const pqxx::result result =
                txn.exec_params(sql.toStdString(), pqxx::prepare::make_dynamic_params(values));
            txn.commit();
            return toResultTable(result);
        },
        [] { return true; });
    recordStatement(timer.elapsed(), sql);
    return table;
}

void Session::copyOut(const QString &selectSql,
                      const std::function<void(const QStringList &)> &onRow,
                      const std::function<bool()> &onRestart)
{
    checkDatabaseCallAllowed("copyOut");
    QElapsedTimer timer;
    timer.start();
    bool delivered = false;
    d->retrying(
        QStringLiteral("stream rows"),
        [&] {
            pqxx::work txn(*d->connection);
            // The one-argument stream_from form is the reliable one in libpqxx
            // 6.4; a parenthesised query is accepted as the "table".
            pqxx::stream_from stream(txn, "(" + selectSql.toStdString() + ")");
            std::string line;
            while (stream.get_raw_line(line)) {
                delivered = true;
                onRow(decodeCopyTextLine(line));
            }
            stream.complete();
            txn.commit();
            return 0;
        },
        [&] {
            // Rows handed out are kept by the consumer unless it forgets them.
            if (delivered && !(onRestart && onRestart()))
                return false;
            delivered = false;
            return true;
        });
    recordStatement(timer.elapsed(), selectSql);
}

void Session::executeScript(const QString &script)
{
    checkDatabaseCallAllowed("executeScript");
    d->guarded(
        QStringLiteral("run a set-up script"),
        [&] {
            pqxx::nontransaction txn(*d->connection);
            txn.exec(script.toStdString());
            return 0;
        },
        true);
}

void Session::cancel()
{
    // libpq's PQcancel is safe to call from another thread while a query runs.
    if (d->connection) {
        d->cancelRequested = true;
        try {
            d->connection->cancel_query();
        } catch (const std::exception &) {
            // Nothing running or the connection is gone: nothing to cancel.
        }
    }
}

bool Session::wasCancelled() const
{
    return d->lastWasCancel;
}

QString Session::connectionDescription() const
{
    return d->description;
}

} // namespace payops::db
