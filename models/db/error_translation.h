#pragma once

#include "core/user_error.h"

#include <exception>

namespace payops::db {

// What was being attempted, so the message can name it.
struct ErrorContext
{
    QString target; // "database billing on db.example:5432 as oncall"
    QString action; // "connect", "run the orphan scan", ...
    // A set-up script (migrations, grants): what it lacks only an owner
    // holds, so the viewer role is no remedy for it.
    bool script = false;
    // The role already holds the console's viewer role, so granting it is
    // no remedy for a missing privilege.
    bool viewer = false;
};

// The SQLSTATE of a libpqxx error; empty when it has none. libpqxx 6.4
// throws insufficient_privilege without its code, so that one is read from
// the type.
QString sqlStateOf(const std::exception &error);

// Turns a libpqxx or libpq failure into one sentence of what was wrong and
// one of what to do. Unknown errors keep the server's own text.
UserError translateDatabaseError(const std::exception &error, const ErrorContext &context);

// Same, from the raw parts (used by tests and by translateDatabaseError).
UserError translateDatabaseError(const QString &serverMessage, const QString &sqlState,
                                 bool connectionBroken, const ErrorContext &context);

} // namespace payops::db
