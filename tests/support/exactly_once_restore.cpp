#include "support/exactly_once_restore.h"

#include "exec/batch_executor.h"
#include "exec/write_targets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace payops::test {

namespace {

const char *kTable = R"sql(
CREATE TABLE public.ledger (id bigint PRIMARY KEY, ref text NOT NULL, amount_minor bigint NOT NULL);
CREATE TABLE public.ledger_effects (id bigint NOT NULL, op text NOT NULL, seen_at timestamptz DEFAULT clock_timestamp());
CREATE FUNCTION public.log_effect() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO public.ledger_effects (id, op) VALUES (NEW.id, TG_OP);
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_logs_effects AFTER INSERT OR UPDATE ON public.ledger
    FOR EACH ROW EXECUTE FUNCTION public.log_effect();
ALTER TABLE public.ledger DISABLE TRIGGER ledger_logs_effects;
INSERT INTO public.ledger SELECT g, 'old-' || g, 100 FROM generate_series(1, 100000) g;
ALTER TABLE public.ledger ENABLE TRIGGER ledger_logs_effects;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO payops_viewer;
)sql";

} // namespace

ExactlyOnceRestore::ExactlyOnceRestore(const ScratchPayops &db, int items)
    : m_db(db)
    , m_items(items)
{
    auto own = db.owner();
    own->executeScript(QString::fromUtf8(kTable));
    own->executeScript(QStringLiteral("UPDATE payops.installation SET environment = 'test'"));
    exec::allowWrites(*own, {QStringLiteral("public.ledger")});

    QJsonArray list;
    for (int n = 1; n <= items; ++n) {
        const bool update = n % 5 == 0;
        const qint64 id = update ? n : 1000000 + n; // updates touch old rows
        const QString key = QStringLiteral("{\"id\": %1}").arg(id);
        const QJsonObject change =
            update ? QJsonObject{{"op", "update"},
                                 {"set", QJsonObject{{"amount_minor", 200 + n}}},
                                 {"expect", QJsonObject{{"amount_minor", 100}}}}
                   : QJsonObject{{"op", "insert"},
                                 {"row", QJsonObject{{"id", id},
                                                     {"ref", QStringLiteral("restored-%1").arg(n)},
                                                     {"amount_minor", n}}}};
        list.append(QJsonObject{
            {"target_table", "public.ledger"}, {"target_key", key}, {"change", change}});
    }
    auto op = db.as(QStringLiteral("operator"));
    const QString caseId =
        ScratchPayops::value(*op, QStringLiteral("SELECT payops.create_case('soak', 'low')"));
    m_batch = ScratchPayops::value(
        *op,
        QStringLiteral("SELECT payops.create_batch($1::bigint, 'restore', 'exactly once', 'test')"),
        {caseId});
    op->query(QStringLiteral("SELECT payops.add_batch_items($1::bigint, $2::jsonb)"),
              {m_batch, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))});
    const QString hash = ScratchPayops::value(
        *op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {m_batch});
    db.as(QStringLiteral("approver"))
        ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {m_batch, hash});
}

void ExactlyOnceRestore::begin() const
{
    auto op = m_db.as(QStringLiteral("operator"));
    exec::BatchExecutor(*op, m_batch.toLongLong()).startOrResume();
}

bool ExactlyOnceRestore::progressed() const
{
    const qint64 ended =
        ScratchPayops::value(
            *m_db.owner(),
            QStringLiteral("SELECT count(*) FROM payops.item_runs WHERE batch_id = "
                           "$1::bigint AND state <> 'pending'"),
            {m_batch})
            .toLongLong();
    const bool more = ended > m_ended;
    m_ended = ended;
    return more;
}

QString ExactlyOnceRestore::verify() const
{
    auto own = m_db.owner();
    const auto one = [&](const QString &sql) {
        return ScratchPayops::value(*own, sql, {m_batch});
    };
    const QString state =
        one(QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"));
    if (state != u"done")
        return QStringLiteral("the batch is %1, not done").arg(state);
    const QString runs = one(QStringLiteral(
        "SELECT count(*) FILTER (WHERE state = 'applied') || '/' || count(*) FROM payops.item_runs "
        "WHERE batch_id = $1::bigint"));
    if (runs != QStringLiteral("%1/%1").arg(m_items))
        return QStringLiteral("applied/items: %1, expected %2/%2").arg(runs).arg(m_items);
    // Each item's effect seen by the table's trigger exactly once, and none other.
    const QString effects = one(
        QStringLiteral("SELECT count(*) || '/' || count(DISTINCT id) FROM public.ledger_effects "
                       "WHERE $1::text IS NOT NULL"));
    if (effects != QStringLiteral("%1/%1").arg(m_items))
        return QStringLiteral(
                   "effects/distinct rows: %1, expected %2/%2 (an effect applied twice or lost)")
            .arg(effects)
            .arg(m_items);
    // Every item's record matches the data.
    const QString mismatches = one(
        QStringLiteral("SELECT count(*) FROM payops.batch_items i JOIN payops.item_runs r USING "
                       "(batch_id, item_no) "
                       "LEFT JOIN public.ledger l ON l.id = (i.target_key::jsonb ->> 'id')::bigint "
                       "WHERE i.batch_id = $1::bigint AND (l.id IS NULL OR "
                       " (i.change ->> 'op' = 'insert' AND (r.effect <> 'inserted' OR to_jsonb(l) "
                       "<> i.change -> 'row')) OR "
                       " (i.change ->> 'op' = 'update' AND (r.effect <> 'updated' OR "
                       "l.amount_minor <> (i.change -> 'set' ->> 'amount_minor')::bigint)))"));
    if (mismatches != u"0")
        return QStringLiteral("%1 items whose record does not match the data").arg(mismatches);
    const QString rows =
        one(QStringLiteral("SELECT count(*) FROM public.ledger WHERE $1::text IS NOT NULL"));
    const qint64 inserts = m_items - m_items / 5;
    if (rows.toLongLong() != 100000 + inserts)
        return QStringLiteral("the table has %1 rows, expected %2").arg(rows).arg(100000 + inserts);
    return {};
}

} // namespace payops::test
