#pragma once

#include <QString>

namespace payops::db {
class Session;
}

namespace payops::exec {

// What money a corrective batch may move against which billing rows: the
// caps the database enforces at apply time read it (migration 004).
struct MoneySource
{
    QString operation;   // refund, reversal, claw-back
    QString targetTable; // the charges (or refunds, payouts) it is moved against
    QString amountColumn;
    QString currencyColumn; // empty: not checked
    // Refunds: where refunds of a target are recorded already, so that
    // the cap is the charge less what was refunded. Empty: none.
    QString refundsTable;
    QString refundOfColumn;
    QString refundAmountColumn;
    QString refundStatusColumn; // rows whose status is 'failed' do not count
};

// Registers a money source, as a database owner (the tables' owner, or a
// superuser), once and audited; payops_owner gains SELECT on the tables.
// Throws UserError naming what is missing; registers nothing then.
void allowMoney(db::Session &session, const MoneySource &source);

} // namespace payops::exec
