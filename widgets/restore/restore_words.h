#pragma once

#include <QString>

namespace payops::restore_words {

// What the restore's internals mean to a person: the wizard's pages never
// show a raw reason code, a quoted table name or a key as JSON.

// "public"."accounts" -> "accounts"; another schema keeps its name.
QString table(const QString &qualified);
// {"id": 5} -> "id 5"; {"a": 1, "b": "x"} -> "a 1, b x".
QString row(const QString &keyJson);
// key_reused -> "the key is already used by another row"
QString conflictReason(const QString &reason);
// What the database said an item would do: "put back", "values put back",
// "conflict: a unique value is already taken".
QString effect(const QString &effect, const QString &reason);
// A batch's state in words: "waiting for a second person's approval".
QString batchState(const QString &state);

} // namespace payops::restore_words
