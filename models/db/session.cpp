#include "db/session.h"

#include "db/error_translation.h"
#include "db/thread_guard.h"

#include "core/connection_secrets.h"

#include <pqxx/pqxx>

#include <QUrl>

#include <atomic>
#include <optional>
#include <vector>

namespace payops::db {

namespace {

// A URI cannot take extra key=value pairs, so options go through libpq's
// environment-free "options" channel only for key=value strings; for URIs
// the same settings are applied with SET right after connecting.
std::string buildConnString(const ConnectionProfile &profile, const QString &password,
                            const SessionOptions &options)
{
    std::string conn = profile.toConnInfo().toStdString();
    const bool isUri = conn.rfind("postgresql://", 0) == 0 || conn.rfind("postgres://", 0) == 0;
    if (isUri) {
        const char separator = conn.find('?') == std::string::npos ? '?' : '&';
        conn += separator;
        conn += "connect_timeout=" + std::to_string(options.connectTimeoutSeconds);
        if (!password.isEmpty())
            conn += "&password=" + QUrl::toPercentEncoding(password).toStdString();
        return conn;
    }
    conn += " connect_timeout=" + std::to_string(options.connectTimeoutSeconds);
    if (!password.isEmpty())
        conn += " password=" + ConnectionProfile::quoteConnValue(password).toStdString();
    return conn;
}

QString describe(const ConnectionProfile &profile)
{
    if (!profile.rawUri.isEmpty())
        return withoutPassword(profile.rawUri); // never echo a password a URI carries
    return QStringLiteral("database %1 on %2:%3 as %4")
        .arg(profile.database, profile.host.isEmpty() ? QStringLiteral("localhost") : profile.host)
        .arg(profile.port)
        .arg(profile.user.isEmpty() ? QStringLiteral("the default user") : profile.user);
}

} // namespace

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
    std::atomic<bool> cancelRequested{false};
    bool lastWasCancel = false;

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
        cancelRequested = false;
        ErrorContext context{description, action, script};
        try {
            return work();
        } catch (const pqxx::sql_error &e) {
            lastWasCancel = e.sqlstate() == "57014";
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
            throw redacted(translateDatabaseError(e, context));
        }
    }
};

Session::Session(const ConnectionProfile &profile, const QString &password,
                 const SessionOptions &options, const QString &program)
    : d(std::make_unique<Impl>())
{
    checkDatabaseCallAllowed("connect");
    d->options = options;
    d->secrets = {password, passwordIn(profile.rawUri)};
    d->description = describe(profile);
    if (const QString problem = profile.validationError(); !problem.isEmpty())
        throw d->redacted(UserError(problem, QStringLiteral("Correct the connection settings.")));
    d->guarded(QStringLiteral("connect"), [&] {
        d->connection =
            std::make_unique<pqxx::connection>(buildConnString(profile, password, options));
        // Session settings: a guard against accidents, not a security control
        // (grants are). application_name tells the DBA who is connected.
        pqxx::nontransaction setup(*d->connection);
        setup.exec_params("SELECT set_config('application_name', $1, false), "
                          "set_config('statement_timeout', $2, false), "
                          "set_config('default_transaction_read_only', $3, false), "
                          "set_config('TimeZone', 'UTC', false), "
                          // Literals in a finding's SQL are written for this
                          // setting (quotes doubled, backslashes plain).
                          "set_config('standard_conforming_strings', 'on', false), "
                          // Detector queries are few and long: compiling
                          // them costs more than it saves.
                          "set_config('jit', 'off', false)",
                          options.applicationName(program).toStdString(),
                          std::to_string(options.statementTimeoutMs),
                          std::string(options.readOnly ? "on" : "off"));
        return 0;
    });
}

Session::~Session() = default;

ServerIdentity Session::identity()
{
    checkDatabaseCallAllowed("identity");
    return d->guarded(QStringLiteral("read the server identity"), [&] {
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
        return identity;
    });
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
    return d->guarded(QStringLiteral("run a query"), [&] {
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
    });
}

void Session::copyOut(const QString &selectSql,
                      const std::function<void(const QStringList &)> &onRow)
{
    checkDatabaseCallAllowed("copyOut");
    d->guarded(QStringLiteral("stream rows"), [&] {
        pqxx::work txn(*d->connection);
        // The one-argument stream_from form is the reliable one in libpqxx
        // 6.4; a parenthesised query is accepted as the "table".
        pqxx::stream_from stream(txn, "(" + selectSql.toStdString() + ")");
        std::string line;
        while (stream.get_raw_line(line))
            onRow(decodeCopyTextLine(line));
        stream.complete();
        txn.commit();
        return 0;
    });
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
