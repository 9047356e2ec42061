#pragma once

#include "diff/table_shape.h"

#include <QHash>
#include <QStringList>

#include <utility>

namespace payops::db {
class Session;
}

namespace payops::restore {

// Looks rows up by some of their columns, many at once, on one server:
// `objects` are JSON objects naming at least `columns` ({"id": 5}); the
// answer is keyed by each object's position in the list (1-based).

// The key (canonical JSON text) of the row each object matches.
QHash<int, QString> keysPresent(db::Session &session, const diff::TableShape &shape,
                                const QStringList &columns, const QStringList &objects);
// The key and the whole row (JSON text) each object matches.
QHash<int, std::pair<QString, QString>> rowsPresent(db::Session &session,
                                                    const diff::TableShape &shape,
                                                    const QStringList &columns,
                                                    const QStringList &objects);

} // namespace payops::restore
