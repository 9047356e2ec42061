#pragma once

#include <QString>

namespace payops::outreach {

// A roster status as support says it: "not_contacted" is "Not contacted",
// "proof_asked" is "Written proof asked". What the database stores stays
// the code; people read these words (tables, chart, call scripts, CSV).
QString statusWords(const QString &status);

// The status code for words statusWords gave, or a code itself; empty
// when neither.
QString statusFromWords(const QString &wordsOrCode);

} // namespace payops::outreach
