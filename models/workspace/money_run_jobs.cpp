#include "workspace/money_run_jobs.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "exec/destination_adapter.h"
#include "ops/audit_seal.h"

namespace payops::workspace {

bool isMoneyKind(const QString &kind)
{
    return kind == u"refund" || kind == u"reversal" || kind == u"claw-back" || kind == u"write-off";
}

MoneyRunSetup loadMoneyRunSetup(db::Session &session, qint64 batchId)
{
    MoneyRunSetup setup;
    setup.review = ops::loadBatchReview(session, batchId);
    setup.isMoney = isMoneyKind(setup.review.kind);
    setup.counts = exec::itemCounts(session, batchId);
    // Before its execution begins a batch has no run records: every item
    // is still to send.
    if (setup.counts.total() == 0 && setup.review.state == u"approved")
        setup.counts.pending = setup.review.itemCount;
    if (!setup.isMoney)
        return setup;
    setup.sendsToProvider = exec::sendsToProvider(session, batchId);
    if (!setup.sendsToProvider)
        return setup;
    try {
        setup.destination = exec::batchMoneyDestination(session, batchId);
        setup.providerKeyName =
            exec::providerKeyName(ops::readBinding(session), setup.destination.name);
    } catch (const UserError &e) {
        // Shown in place of the destination; the run refuses the same way.
        setup.destinationProblem = e.problem() + u' ' + e.remedy();
    }
    return setup;
}

OpenMoneyItems loadOpenMoneyItems(db::Session &session, qint64 batchId)
{
    OpenMoneyItems items;
    items.batchId = batchId;
    const ResultTable rows = session.query(
        db::sqlResource(QStringLiteral("workspace/money_open_items")), {QString::number(batchId)});
    for (int r = 0; r < rows.rowCount(); ++r) {
        OpenMoneyItem item;
        item.itemNo = rows.value(r, QStringLiteral("item_no")).toInt();
        item.state = rows.value(r, QStringLiteral("state"));
        item.key = rows.value(r, QStringLiteral("idempotency_key"));
        item.amount.currency = rows.value(r, QStringLiteral("currency"));
        item.amount.minor =
            Money::parseMinor(rows.value(r, QStringLiteral("amount_minor")), item.amount.currency);
        item.concerns = rows.value(r, QStringLiteral("concerns"));
        item.detail = rows.value(r, QStringLiteral("detail"));
        item.sentAt = rows.value(r, QStringLiteral("sent_at"));
        item.resendRequestedBy = rows.value(r, QStringLiteral("resend_requested_by"));
        item.sends = rows.value(r, QStringLiteral("sends")).toInt();
        item.absent = rows.value(r, QStringLiteral("absent")) == u"t";
        if (item.state == u"held")
            items.held.append(item);
        else if (item.absent)
            items.absent.append(item);
        else
            items.unknown.append(item);
    }
    return items;
}

} // namespace payops::workspace
