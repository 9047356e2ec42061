#pragma once

#include <QByteArray>

namespace payops::test {

// The second test profile (tests/support/profiles/shop.json): a billing
// schema shaped unlike the demo's (other names, text keys, soft-deleted
// customers, one fixed currency, no orders or payouts). test_second_profile
// builds its database; test_sql_templates renders every template with it.
QByteArray shopProfileJson();
// The third (tests/support/profiles/invoicing.json): uuid keys, integer
// status codes, a polymorphic invoice link, invoice totals, soft deletes
// and no foreign keys; test_third_profile builds its database.
QByteArray invoicingProfileJson();

} // namespace payops::test
