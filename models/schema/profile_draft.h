#pragma once

#include <QByteArray>

namespace payops::db {
class Session;
}

namespace payops::schema {

// Inspects a database (tables, primary and foreign keys, column names and
// types) and writes a draft schema profile as JSON: what could be guessed is
// filled in, and "_todo" lists what a human must check or finish.
QByteArray draftProfile(db::Session &session, const QString &schema);

} // namespace payops::schema
