#pragma once

#include "core/finding.h"

#include <QString>

namespace payops::watch {

// What makes two findings of different runs the same incident: the
// detector, the kind, the explaining value and the words of the title with
// its numbers and parenthesised figures taken out ("475 charges on closed
// accounts (73,271.36 USD)" and "512 charges on closed accounts (...)" are
// one incident that grew). A hex SHA-256, so it has a fixed size.
QString alertFingerprint(const Finding &finding);

// The text the fingerprint is taken of, for messages and tests.
QString fingerprintText(const Finding &finding);

} // namespace payops::watch
