#include "support/exactly_once_refunds.h"

#include "exec/batch_executor.h"
#include "exec/money_destinations.h"
#include "exec/money_sources.h"
#include "exec/write_targets.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace payops::test {

namespace {

const char *kCharges = R"sql(
CREATE TABLE public.charges (id bigint PRIMARY KEY, account bigint NOT NULL, provider_ref text NOT NULL,
                             amount_minor bigint NOT NULL, currency text NOT NULL);
INSERT INTO public.charges SELECT g, 1000 + g, 'ch_' || g, 1000, 'USD' FROM generate_series(1, %1) g;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO payops_viewer;
UPDATE payops.installation SET environment = '%2', absent_window = interval '1 second';
)sql";

} // namespace

ExactlyOnceRefunds::ExactlyOnceRefunds(const ScratchPayops &db, int items, const QUrl &providerUrl,
                                       const QString &environment)
    : m_db(db)
    , m_items(items)
{
    auto own = db.owner();
    own->executeScript(QString::fromUtf8(kCharges).arg(items).arg(environment));
    exec::allowWrites(*own, {QStringLiteral("public.charges")});
    exec::allowMoney(*own, {QStringLiteral("refund"), QStringLiteral("public.charges"),
                            QStringLiteral("amount_minor"), QStringLiteral("currency"), QString(),
                            QString(), QString(), QString()});
    exec::registerMoneyDestination(*own, {QLatin1String(kDestination), QStringLiteral("http"),
                                          providerUrl.toString(), environment,
                                          exec::credentialFingerprint(FakeProvider::defaultKey())});
    QJsonArray list;
    for (int n = 1; n <= items; ++n)
        list.append(QJsonObject{
            {"target_table", "public.charges"},
            {"target_key", QStringLiteral("{\"id\": %1}").arg(n)},
            {"amount_minor", kAmountMinor},
            {"currency", "USD"},
            {"change",
             QJsonObject{{"op", "send"},
                         {"operation", "refund"},
                         {"payment", QStringLiteral("ch_%1").arg(n)},
                         {"destination", QLatin1String(kDestination)},
                         {"description", QStringLiteral("Refund of charge %1").arg(n)}}}});
    auto op = db.as(QStringLiteral("operator"));
    const QString caseId =
        ScratchPayops::value(*op, QStringLiteral("SELECT payops.create_case('refunds', 'high')"));
    m_batch = ScratchPayops::value(
        *op, QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'exactly once', $2)"),
        {caseId, environment});
    op->query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
              {m_batch, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))});
    const QString hash = ScratchPayops::value(
        *op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {m_batch});
    // Large totals need two approvers: the second signs while it waits.
    for (const char *who : {"approver", "approver2"})
        if (ScratchPayops::value(
                *db.owner(),
                QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"),
                {m_batch}) == u"submitted")
            db.as(QLatin1String(who))
                ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                        {m_batch, hash});
}

void ExactlyOnceRefunds::begin() const
{
    auto op = m_db.as(QStringLiteral("operator"));
    exec::BatchExecutor(*op, m_batch.toLongLong()).startOrResume();
}

bool ExactlyOnceRefunds::progressed() const
{
    // Both steps count: an item marked sending, and an item ended.
    const qint64 moved =
        ScratchPayops::value(*m_db.owner(),
                             QStringLiteral("SELECT count(*) FILTER (WHERE state <> 'pending') + "
                                            "count(*) FILTER (WHERE state IN ('applied', "
                                            "'failed')) FROM payops.item_runs WHERE batch_id = "
                                            "$1::bigint"),
                             {m_batch})
            .toLongLong();
    const bool more = moved > m_moved;
    m_moved = moved;
    return more;
}

QStringList ExactlyOnceRefunds::absentItems() const
{
    QStringList items;
    for (const auto &row :
         m_db.owner()
             ->query(QStringLiteral("SELECT item_no FROM payops.item_runs WHERE batch_id = "
                                    "$1::bigint AND state = 'unknown' AND provider_absent_at IS "
                                    "NOT NULL AND resend_requested_by IS NULL ORDER BY 1"),
                     {m_batch})
             .rows)
        items << row[0];
    return items;
}

void ExactlyOnceRefunds::sendAbsentItemsAgain() const
{
    auto op = m_db.as(QStringLiteral("operator"));
    for (const QString &item : absentItems())
        op->query(QStringLiteral("SELECT payops.decide_absent_item($1::bigint, $2::integer, "
                                 "'send_again', 'the provider has nothing under its key')"),
                  {m_batch, item});
}

QString ExactlyOnceRefunds::verify(const FakeProvider &provider) const
{
    auto own = m_db.owner();
    const QString state = ScratchPayops::value(
        *own, QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"), {m_batch});
    if (state != u"done")
        return QStringLiteral("the batch is %1, not done").arg(state);
    // key -> (item, reference recorded, sends)
    QHash<QString, QStringList> recorded;
    for (const auto &row :
         own->query(QStringLiteral("SELECT idempotency_key, item_no::text, provider_reference, "
                                   "state, sends::text FROM payops.item_runs WHERE batch_id = "
                                   "$1::bigint"),
                    {m_batch})
             .rows) {
        if (row[3] != u"applied")
            return QStringLiteral("item %1 is %2, not applied").arg(row[1], row[3]);
        recorded.insert(row[0], row);
    }
    if (recorded.size() != m_items)
        return QStringLiteral("%1 distinct keys for %2 items").arg(recorded.size()).arg(m_items);
    const auto ledger = provider.ledger();
    int succeeded = 0;
    QSet<QString> seen;
    for (const auto &entry : ledger) {
        if (!recorded.contains(entry.key))
            return QStringLiteral("the provider booked %1 under a key no item has").arg(entry.key);
        if (seen.contains(entry.key))
            return QStringLiteral("the provider booked %1 twice").arg(entry.key);
        seen.insert(entry.key);
        if (entry.status != u"succeeded" || entry.amountMinor != kAmountMinor)
            return QStringLiteral("%1 is %2 for %3")
                .arg(entry.key, entry.status)
                .arg(entry.amountMinor);
        if (recorded.value(entry.key)[2] != entry.providerId)
            return QStringLiteral("item %1 recorded %2, the provider booked %3")
                .arg(recorded.value(entry.key)[1], recorded.value(entry.key)[2], entry.providerId);
        ++succeeded;
    }
    if (succeeded != m_items)
        return QStringLiteral("the provider holds %1 refunds for %2 items")
            .arg(succeeded)
            .arg(m_items);
    if (!provider.keysWithMoreThanOneBody().isEmpty())
        return QStringLiteral("keys sent with two bodies: %1")
            .arg(provider.keysWithMoreThanOneBody().join(u' '));
    // A second POST under a key only after a lookup found nothing under it.
    QHash<QString, int> posts;
    QSet<QString> foundAbsent;
    for (const auto &r : provider.requests()) {
        if (r.redelivery)
            continue;
        if (r.method == u"GET" && r.status == 404)
            foundAbsent.insert(r.key);
        if (r.method == u"POST") {
            if (posts.value(r.key) > 0 && !foundAbsent.contains(r.key)) {
                QStringList seen;
                for (const auto &x : provider.requests())
                    if (x.key == r.key)
                        seen << QStringLiteral("%1 %2 %3")
                                    .arg(QString::fromLatin1(x.method.toLatin1()))
                                    .arg(x.status)
                                    .arg(x.at.toString(QStringLiteral("HH:mm:ss.zzz")));
                return QStringLiteral(
                           "%1 was sent again without a lookup finding nothing first: %2")
                    .arg(r.key, seen.join(QStringLiteral(", ")));
            }
            ++posts[r.key];
            foundAbsent.remove(r.key);
        }
    }
    return {};
}

} // namespace payops::test
