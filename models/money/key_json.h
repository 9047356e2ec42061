#pragma once

#include <QString>

namespace payops::money {

// A one-column key as the diff's canonical JSON ({"id": 5}; a number when
// the value is an integer, else a string), as items name their target.
QString keyJson(const QString &column, const QString &value);

} // namespace payops::money
