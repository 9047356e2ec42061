#pragma once

#include <QString>

namespace payops {

// Generated sentences name counts and column names: these keep them English
// whatever the numbers and names are ("1 user", not "1 users"; "an
// assignee", not "a assignee").

// "1 user", "10,006 users": the count with thousands separators and the noun
// that agrees with it. `plural` defaults to `singular` + "s".
QString counted(qint64 count, const QString &singular, const QString &plural = QString());

// "a reference", "an assignee", "a user_id": the indefinite article by the
// sound of the word's start (a vowel, except the "you" sound of "user",
// "unique" and "euro").
QString withArticle(const QString &word);

} // namespace payops
