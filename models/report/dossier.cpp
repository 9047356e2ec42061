#include "report/dossier.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"

namespace payops::report {

MoneyTotals DossierData::appliedOf(const QString &kind) const
{
    MoneyTotals totals;
    for (const DossierBatch &b : batches)
        if (b.kind == kind)
            for (const QString &currency : b.applied.currencies())
                totals.add(currency, b.applied.minorFor(currency));
    return totals;
}

qint64 DossierData::restoredRows() const
{
    qint64 rows = 0;
    for (const DossierBatch &b : batches)
        if (b.kind == u"restore" || b.kind == u"field-restore")
            rows += b.appliedItems;
    return rows;
}

QString statusWords(const QString &status)
{
    return QString(status).replace(u'_', u' ');
}

QString moneyWords(const MoneyTotals &totals)
{
    return totals.isEmpty() ? QStringLiteral("none") : totals.toDisplayString();
}

QString eventWords(const DossierEvent &event)
{
    return event.kind == u"cost"
               ? QStringLiteral("Cost: %1, %2")
                     .arg(Money{event.amountMinor, event.currency}.toDisplayString(), event.what)
               : QStringLiteral("%1: %2").arg(event.kind, event.what);
}

namespace {

void addMoney(MoneyTotals &totals, const QString &currency, const QString &minor)
{
    const qint64 value = Money::parseMinor(minor, currency);
    if (!currency.isEmpty() && value != 0)
        totals.add(currency, value);
}

} // namespace

DossierData loadDossier(db::Session &session, qint64 caseId)
{
    const QStringList id = {QString::number(caseId)};
    const ResultTable c = session.query(db::sqlResource(QStringLiteral("report/dossier_case")), id);
    if (c.rowCount() == 0)
        throw UserError(QStringLiteral("There is no case %1.").arg(caseId),
                        QStringLiteral("payops case list shows the cases; nothing was written."));
    DossierData d;
    d.caseId = caseId;
    d.title = c.value(0, QStringLiteral("title"));
    d.severity = c.value(0, QStringLiteral("severity"));
    d.status = c.value(0, QStringLiteral("status"));
    d.owner = c.value(0, QStringLiteral("owner"));
    d.opened = c.value(0, QStringLiteral("opened"));
    d.database = c.value(0, QStringLiteral("database_name"));
    d.environment = c.value(0, QStringLiteral("environment"));
    d.madeAt = QDateTime::currentDateTimeUtc();

    const ResultTable events =
        session.query(db::sqlResource(QStringLiteral("report/dossier_timeline")), id);
    for (int r = 0; r < events.rowCount(); ++r) {
        DossierEvent e{events.value(r, QStringLiteral("at")),
                       events.value(r, QStringLiteral("kind")),
                       events.value(r, QStringLiteral("who")),
                       events.value(r, QStringLiteral("what")),
                       0,
                       events.value(r, QStringLiteral("currency")).trimmed()};
        if (e.kind == u"cost") {
            e.amountMinor =
                Money::parseMinor(events.value(r, QStringLiteral("amount_minor")), e.currency);
            d.costs.add(e.currency, e.amountMinor);
        }
        d.timeline.append(e);
    }

    const ResultTable batches =
        session.query(db::sqlResource(QStringLiteral("report/dossier_batches")), id);
    for (int r = 0; r < batches.rowCount(); ++r) {
        const qint64 batchId = batches.value(r, QStringLiteral("id")).toLongLong();
        if (d.batches.isEmpty() || d.batches.last().id != batchId) {
            DossierBatch b;
            b.id = batchId;
            b.kind = batches.value(r, QStringLiteral("kind"));
            b.state = batches.value(r, QStringLiteral("state"));
            b.description = batches.value(r, QStringLiteral("description"));
            b.createdBy = batches.value(r, QStringLiteral("created_by"));
            d.batches.append(b);
        }
        DossierBatch &b = d.batches.last();
        const QString currency = batches.value(r, QStringLiteral("currency")).trimmed();
        b.items += batches.value(r, QStringLiteral("items")).toLongLong();
        b.appliedItems += batches.value(r, QStringLiteral("applied_items")).toLongLong();
        addMoney(b.approved, currency, batches.value(r, QStringLiteral("approved_minor")));
        addMoney(b.applied, currency, batches.value(r, QStringLiteral("applied_minor")));
        addMoney(b.failed, currency, batches.value(r, QStringLiteral("failed_minor")));
        addMoney(b.held, currency, batches.value(r, QStringLiteral("held_minor")));
        addMoney(b.open, currency, batches.value(r, QStringLiteral("open_minor")));
    }

    const ResultTable roster =
        session.query(db::sqlResource(QStringLiteral("report/dossier_roster")), id);
    for (int r = 0; r < roster.rowCount(); ++r) {
        const qint64 people = roster.value(r, QStringLiteral("people")).toLongLong();
        d.rosterByStatus.append({roster.value(r, QStringLiteral("status")), people});
        d.rosterPeople += people;
    }

    const ResultTable head =
        session.query(db::sqlResource(QStringLiteral("report/dossier_audit_head")));
    d.auditRows = head.value(0, QStringLiteral("rows")).toLongLong();
    d.auditHeadSeq = head.value(0, QStringLiteral("head_seq")).toLongLong();
    d.auditHeadHash = head.value(0, QStringLiteral("head_hash"));
    return d;
}

} // namespace payops::report
