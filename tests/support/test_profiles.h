#pragma once

#include <QByteArray>

namespace payops::test {

// The second test profile (tests/support/profiles/shop.json): a billing
// schema shaped unlike the demo's (other names, text keys, soft-deleted
// customers, one fixed currency, no orders or payouts). test_second_profile
// builds its database; test_sql_templates renders every template with it.
QByteArray shopProfileJson();

} // namespace payops::test
