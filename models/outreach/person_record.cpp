#include "outreach/person_record.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "outreach/status_words.h"

namespace payops::outreach {

namespace {

QDateTime timeOf(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    time.setTimeSpec(Qt::UTC);
    return time;
}

} // namespace

QString eventWords(const RosterEvent &event)
{
    if (event.kind == u"added")
        return QStringLiteral("Added to the roster");
    if (event.kind == u"status")
        return QStringLiteral("Status: %1").arg(statusWords(event.status));
    if (event.kind == u"note")
        return QStringLiteral("Note: %1").arg(event.note);
    if (event.kind == u"assigned")
        return QStringLiteral("Assigned to %1").arg(event.assignee);
    if (event.kind == u"next_step") {
        if (event.nextStep.isEmpty() && !event.nextStepAt.isValid())
            return QStringLiteral("Next step cleared");
        QString text = QStringLiteral("Next step: %1").arg(event.nextStep);
        if (event.nextStepAt.isValid())
            text += QStringLiteral(" (%1 UTC)")
                        .arg(event.nextStepAt.toUTC().toString(QStringLiteral("d MMM yyyy HH:mm")));
        return text;
    }
    return event.kind;
}

PersonRecord personRecord(db::Session &session, qint64 caseId, const QString &account)
{
    PersonRecord record;
    record.caseId = caseId;
    record.account = account;
    const QStringList params = {QString::number(caseId), account};
    const ResultTable events =
        session.query(db::sqlResource(QStringLiteral("outreach/person_history")), params);
    for (int r = 0; r < events.rowCount(); ++r) {
        RosterEvent e;
        e.kind = events.value(r, QStringLiteral("kind"));
        e.status = events.value(r, QStringLiteral("status"));
        e.note = events.value(r, QStringLiteral("note"));
        e.assignee = events.value(r, QStringLiteral("assignee"));
        e.nextStep = events.value(r, QStringLiteral("next_step"));
        const QString at = events.value(r, QStringLiteral("next_step_at"));
        if (!at.isEmpty())
            e.nextStepAt = timeOf(at);
        e.createdBy = events.value(r, QStringLiteral("created_by"));
        e.createdAt = timeOf(events.value(r, QStringLiteral("created_at")));
        record.history.append(e);
    }
    const ResultTable items =
        session.query(db::sqlResource(QStringLiteral("outreach/person_items")), params);
    for (int r = 0; r < items.rowCount(); ++r) {
        PersonBatchItem item;
        item.batchId = items.value(r, QStringLiteral("batch_id")).toLongLong();
        item.batchKind = items.value(r, QStringLiteral("batch_kind"));
        item.batchState = items.value(r, QStringLiteral("batch_state"));
        item.itemNo = items.value(r, QStringLiteral("item_no")).toInt();
        const QString currency = items.value(r, QStringLiteral("currency"));
        item.amount = {Money::parseMinor(items.value(r, QStringLiteral("amount_minor")), currency),
                       currency};
        item.itemState = items.value(r, QStringLiteral("item_state"));
        item.reason = items.value(r, QStringLiteral("reason"));
        item.detail = items.value(r, QStringLiteral("detail"));
        record.items.append(item);
    }
    return record;
}

} // namespace payops::outreach
