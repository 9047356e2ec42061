#pragma once

#include <QString>

namespace payops::restore {

// The raw JSON text of one top-level member of a JSON object's text
// ({"id": 5000000001, "status": "closed"} -> "5000000001", "\"closed\""),
// or a null QString when the object has no such member. Read from the
// text, never through doubles: a bigint key survives exactly, as the
// diff wrote it.
QString jsonMember(const QString &objectText, const QString &name);
// A member's value as plain text: a string unquoted and unescaped, a
// number or literal as written; a null QString for JSON null or missing.
QString jsonMemberText(const QString &objectText, const QString &name);
// A JSON string literal of `text`, for building objects by hand.
QString jsonQuote(const QString &text);

} // namespace payops::restore
