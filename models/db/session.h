#pragma once

#include "core/connection_profile.h"
#include "core/result_table.h"
#include "core/server_identity.h"
#include "core/user_error.h"
#include "db/session_options.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <string>

namespace payops::db {

// One PostgreSQL connection, used by one thread at a time (a DbWorker's, or
// the CLI's main thread). Every failure is thrown as payops::UserError with
// a sentence that says what was wrong and what to do. cancel() may be called
// from any thread.
class Session
{
public:
    // Connects and applies the options; throws UserError.
    Session(const ConnectionProfile &profile, const QString &password,
            const SessionOptions &options, const QString &program = QStringLiteral("payops"));
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    ServerIdentity identity();

    // Runs one statement in its own (read-only unless the session is
    // writable) transaction. Parameters are bound, never spliced: a null
    // QString is SQL NULL.
    ResultTable query(const QString &sql, const QStringList &params = {});
    // Streams the rows of a statement, one row of text at a time, without
    // holding the whole result (COPY ... TO STDOUT under the hood). A
    // standby's recovery conflict after rows were handed out runs the
    // statement again only when onRestart drops what the consumer has and
    // returns true; otherwise the conflict is a RecoveryConflict.
    void copyOut(const QString &selectSql, const std::function<void(const QStringList &)> &onRow,
                 const std::function<bool()> &onRestart = {});
    // Runs a multi-statement script outside a transaction block (for demo
    // set-up and migrations; needs a writable session).
    void executeScript(const QString &script);

    // Asks the server to cancel the running statement. Thread-safe.
    void cancel();
    // True when the last failure was a cancel from cancel() (SQLSTATE 57014).
    bool wasCancelled() const;

    QString connectionDescription() const; // "billing on /tmp/sock:5432 as oncall"

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// A standby cancelled a read-only statement for a recovery conflict more
// often than the session retries it, or after part of its rows were used:
// the work it belonged to may run the whole piece again.
class RecoveryConflict : public UserError
{
public:
    explicit RecoveryConflict(const UserError &error)
        : UserError(error)
    {
    }
};

// What this process's sessions ran: the longest statement (so a scan or a
// diff can be judged against a production statement_timeout) and how many
// statements ran again after a standby cancelled them.
struct StatementStats
{
    qint64 statements = 0;
    qint64 longestMs = 0;
    QString longestStatement; // its first 160 characters
    int recoveryConflictRetries = 0;
};
StatementStats statementStats();
void resetStatementStats();

// Decodes one line of COPY TO STDOUT text format into fields (null = NULL).
QStringList decodeCopyTextLine(const std::string &line);

} // namespace payops::db
