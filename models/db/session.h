#pragma once

#include "core/connection_profile.h"
#include "core/result_table.h"
#include "core/server_identity.h"
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
    // holding the whole result (COPY ... TO STDOUT under the hood).
    void copyOut(const QString &selectSql, const std::function<void(const QStringList &)> &onRow);
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

// Decodes one line of COPY TO STDOUT text format into fields (null = NULL).
QStringList decodeCopyTextLine(const std::string &line);

} // namespace payops::db
