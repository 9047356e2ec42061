// The payops schema attacked by a hostile login with plain SQL: each test is
// an attack that broke version 1 of the schema, or a variant of its class,
// and asserts the database's refusal (or that the attack had no effect).
//
// PAYOPS_ATTACK_SCHEMA_VERSION=1 runs the same attacks against the schema
// as it was before they were closed; docs/SECURITY.md records the tally.
#include "core/user_error.h"
#include "ops/audit_verifier.h"
#include "ops/migrator.h"
#include "support/scratch_payops.h"
#include "support/test_demo.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <thread>

using namespace payops;
using test::ScratchPayops;

namespace {

int schemaVersionUnderAttack()
{
    const QString given = qEnvironmentVariable("PAYOPS_ATTACK_SCHEMA_VERSION");
    return given.isEmpty() ? std::numeric_limits<int>::max() : given.toInt();
}

// The marker the hostile code leaves when it runs with rights that are not
// the caller's: a session-level advisory lock survives the rollback that
// the raised error causes.
constexpr int kOwnedMarker = 7711;

const char *kEvil = R"sql(
CREATE FUNCTION pg_temp.evil() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF current_user <> session_user THEN
        PERFORM pg_catalog.pg_advisory_lock(7711);
        RAISE EXCEPTION 'owned: hostile code ran as %', current_user;
    END IF;
    RETURN true;
END $$;
CREATE FUNCTION pg_temp.evil_eq(a pg_catalog.text, b pg_catalog.text) RETURNS boolean
    LANGUAGE sql AS $$ SELECT pg_temp.evil() AND a OPERATOR(pg_catalog.=) b $$;
CREATE FUNCTION pg_temp.evil_eq8(a pg_catalog.int8, b pg_catalog.int8) RETURNS boolean
    LANGUAGE sql AS $$ SELECT pg_temp.evil() AND a OPERATOR(pg_catalog.=) b $$;
CREATE FUNCTION pg_temp.evil_cat(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.text
    LANGUAGE sql AS $$ SELECT CASE WHEN pg_temp.evil() THEN a OPERATOR(pg_catalog.||) b END $$;
)sql";

// Types the functions' bodies name (declarations and casts), as temporary
// domains whose check runs the hostile code.
const QStringList kShadowTypes = {
    "text",   "name",     "jsonb",        "int8",         "int4", "int2",
    "bool",   "uuid",     "timestamptz",  "bytea",        "inet", "varchar",
    "bpchar", "regclass", "regnamespace", "regprocedure", "oid"};
// Relations a function might name without its schema.
const QStringList kShadowRelations = {
    "batches",       "batch_items",    "approvals",   "audit_log",    "audit_head",
    "audit_seals",   "cases",          "case_events", "installation", "approval_policy",
    "batch_claims",  "schema_version", "pg_roles",    "pg_authid",    "pg_class",
    "pg_proc",       "pg_namespace",   "pg_settings", "watch_alerts", "watch_outbox",
    "watch_windows", "watch_runs"};

} // namespace

// One watch run that reports one finding and tells a webhook.
const char kWatchRun[] =
    "SELECT * FROM payops.record_watch_run('2026-04-18 11:00+00', '2026-04-18 12:00+00', "
    "ARRAY['invariants'], ARRAY[]::text[], '[{\"fingerprint\": \"shadowed\", \"detector\": "
    "\"invariants\", \"kind\": \"invariant\", \"severity\": \"high\", \"title\": "
    "\"shadowed\", \"rows\": 1, \"users\": 1, \"totals\": {\"USD\": 1}}]', "
    "'http://127.0.0.1:9/x', NULL)";

class TestHostileLogin : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchPayops> m_db;
    int m_keys = 0;

    static QString value(db::Session &s, const QString &sql, const QStringList &params = {})
    {
        return ScratchPayops::value(s, sql, params);
    }
    static QString refusal(db::Session &s, const QString &sql, const QStringList &params = {})
    {
        return ScratchPayops::refusal(s, sql, params);
    }
    QString uniqueKey() { return QStringLiteral("row-%1").arg(++m_keys); }

    QString openCase(db::Session &op)
    {
        return value(op, QStringLiteral("SELECT payops.create_case('attack', 'high')"));
    }
    // A draft batch of `op` with the given USD amounts (empty: one restore item).
    QString draftBatch(db::Session &op, const QList<qint64> &amounts,
                       const QString &kind = QStringLiteral("refund"),
                       const QString &currency = QStringLiteral("USD"))
    {
        const QString batch = value(
            op, QStringLiteral("SELECT payops.create_batch($1::bigint, $2, 'attack', 'demo')"),
            {openCase(op), kind});
        for (qint64 amount : amounts)
            op.query(QStringLiteral("SELECT payops.add_batch_item($1::bigint, 'payments', $2, "
                                    "$3::bigint, $4, '{}')"),
                     {batch, uniqueKey(), QString::number(amount), currency});
        return batch;
    }
    QString submit(db::Session &op, const QString &batch)
    {
        return value(op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
    }
    QString stateOf(const QString &batch)
    {
        return value(*m_db->owner(),
                     QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"),
                     {batch});
    }
    static bool ownedMarkerHeld(db::Session &s)
    {
        return value(s, QStringLiteral("SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype "
                                       "OPERATOR(pg_catalog.=) 'advisory' AND pid "
                                       "OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid() AND "
                                       "objid OPERATOR(pg_catalog.=) %1")
                            .arg(kOwnedMarker)) != u"0";
    }
    // Fills the session's temporary schema with look-alikes of every type,
    // relation, function and operator a payops function could resolve by
    // name, each running the hostile code.
    static void plantShadows(db::Session &s)
    {
        s.executeScript(QString::fromUtf8(kEvil));
        for (const QString &type : kShadowTypes)
            s.executeScript(QStringLiteral("CREATE DOMAIN pg_temp.%1 AS pg_catalog.%1 CHECK "
                                           "(pg_temp.evil() AND VALUE IS NOT DISTINCT FROM VALUE)")
                                .arg(type));
        for (const QString &relation : kShadowRelations) {
            const QString source = relation.startsWith(u"pg_")
                                       ? QStringLiteral("pg_catalog.") + relation
                                       : QStringLiteral("payops.") + relation;
            // A relation this schema version lacks has nothing to shadow.
            test::errorOf([&] {
                s.executeScript(
                    QStringLiteral("CREATE TEMP VIEW %1 AS SELECT * FROM %2 WHERE pg_temp.evil()")
                        .arg(relation, source));
            });
        }
        s.executeScript(QStringLiteral(
            "CREATE OPERATOR pg_temp.= (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, "
            "FUNCTION = pg_temp.evil_eq);"
            "CREATE OPERATOR pg_temp.= (LEFTARG = pg_catalog.int8, RIGHTARG = pg_catalog.int8, "
            "FUNCTION = pg_temp.evil_eq8);"
            "CREATE OPERATOR pg_temp.|| (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, "
            "FUNCTION = pg_temp.evil_cat);"
            "CREATE FUNCTION pg_temp.pg_has_role(pg_catalog.name, pg_catalog.name, "
            "pg_catalog.text) RETURNS boolean LANGUAGE sql AS $$ SELECT pg_temp.evil() $$;"
            "CREATE FUNCTION pg_temp.now() RETURNS pg_catalog.timestamptz LANGUAGE sql AS $$ "
            "SELECT CASE WHEN pg_temp.evil() THEN pg_catalog.now() END $$;"
            "CREATE FUNCTION pg_temp.sha256(pg_catalog.bytea) RETURNS pg_catalog.bytea LANGUAGE "
            "sql AS $$ SELECT CASE WHEN pg_temp.evil() THEN pg_catalog.sha256($1) END $$;"
            "CREATE FUNCTION pg_temp.current_setting(pg_catalog.text, pg_catalog.bool) RETURNS "
            "pg_catalog.text LANGUAGE sql AS $$ SELECT CASE WHEN pg_temp.evil() THEN "
            "pg_catalog.current_setting($1, $2) END $$;"));
    }

private slots:
    void initTestCase()
    {
        m_db =
            std::make_unique<ScratchPayops>(QStringLiteral("attack"), schemaVersionUnderAttack());
    }
    void cleanupTestCase() { m_db.reset(); }

    // Class 1: the caller's search path.

    // Every SECURITY DEFINER function resolves names in pg_catalog and payops
    // first and in the caller's temporary schema last; every other payops
    // function runs only inside them (no login may execute it), so it
    // inherits that path.
    void everyPayopsFunctionPinsPgTempLast()
    {
        const QString unpinned = value(
            *m_db->owner(),
            QStringLiteral("SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p "
                           "WHERE p.pronamespace = 'payops'::regnamespace AND p.prosecdef AND NOT "
                           "coalesce('search_path=pg_catalog, payops, pg_temp' = ANY "
                           "(p.proconfig), false)"));
        QVERIFY2(unpinned.isEmpty(),
                 qPrintable(QStringLiteral("SECURITY DEFINER functions resolving names in the "
                                           "caller's temporary schema first: ") +
                            unpinned));
        QStringList roles{QStringLiteral("public")};
        for (const char *who : {"viewer", "support", "operator", "approver", "both", "watcher"})
            roles << m_db->role(QLatin1String(who));
        for (const QString &role : roles) {
            const QString exposed = value(
                *m_db->owner(),
                QStringLiteral(
                    "SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p "
                    "WHERE p.pronamespace = 'payops'::regnamespace AND NOT p.prosecdef AND "
                    "(CASE WHEN $1 = 'public' THEN coalesce(aclcontains(p.proacl, makeaclitem(0, "
                    "p.proowner, 'EXECUTE', false)), true) ELSE has_function_privilege($1, p.oid, "
                    "'EXECUTE') END)"),
                {role});
            QVERIFY2(exposed.isEmpty(),
                     qPrintable(QStringLiteral("%1 may execute helpers that run with its search "
                                               "path: %2")
                                    .arg(role, exposed)));
        }
        // And no payops function runs as anyone but the owner, who cannot log in.
        QCOMPARE(value(*m_db->owner(),
                       QStringLiteral("SELECT count(*) FROM pg_proc p JOIN pg_roles r ON r.oid = "
                                      "p.proowner WHERE p.pronamespace = 'payops'::regnamespace "
                                      "AND (r.rolname <> 'payops_owner' OR r.rolcanlogin)")),
                 QStringLiteral("0"));
    }

    void shadowingRunsNothingAsTheOwner_data()
    {
        QTest::addColumn<QString>("who");
        QTest::newRow("viewer") << "viewer";
        QTest::newRow("support") << "support";
        QTest::newRow("operator") << "operator";
        QTest::newRow("approver") << "approver";
        QTest::newRow("operator and approver") << "both";
        QTest::newRow("watcher") << "watcher";
    }
    void shadowingRunsNothingAsTheOwner()
    {
        QFETCH(QString, who);
        // Everything the calls need, prepared on other connections so that
        // the attacker's session compiles every function for the first
        // time with its shadows in place.
        const bool reads = who == u"viewer" || who == u"support" || who == u"watcher";
        auto prep = m_db->as(reads ? QStringLiteral("operator") : who);
        auto other = m_db->as(QStringLiteral("operator2"));
        const bool operates = !reads && who != u"approver";
        const QString caseId = operates ? openCase(*prep) : openCase(*other);
        QString ownDraft, ownDraftToSubmit, ownDraftToCancel, ownApproved, ownApprovedHash;
        if (operates) {
            ownDraft = draftBatch(*prep, {100});
            ownDraftToSubmit = draftBatch(*prep, {100});
            ownDraftToCancel = draftBatch(*prep, {100});
            ownApproved = draftBatch(*prep, {100});
            ownApprovedHash = submit(*prep, ownApproved);
            m_db->as(QStringLiteral("approver2"))
                ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                        {ownApproved, ownApprovedHash});
        }
        const QString othersSubmitted = draftBatch(*other, {100});
        const QString othersHash = submit(*other, othersSubmitted);
        const QString othersToReject = draftBatch(*other, {100});
        submit(*other, othersToReject);
        const auto head = m_db->owner()->query(
            QStringLiteral("SELECT seq, row_hash FROM payops.audit_log ORDER BY seq DESC LIMIT 1"));

        auto attacker = m_db->as(who);
        plantShadows(*attacker);
        const ResultTable executable = attacker->query(
            QStringLiteral("SELECT p.proname::text FROM pg_catalog.pg_proc p WHERE p.pronamespace "
                           "OPERATOR(pg_catalog.=) 'payops'::pg_catalog.regnamespace AND "
                           "pg_catalog.has_function_privilege(p.oid, 'EXECUTE') ORDER BY 1"));
        QVERIFY(executable.rowCount() >= 3);
        const QMap<QString, QPair<QString, QStringList>> calls = {
            {"create_case", {"SELECT payops.create_case('shadowed', 'low')", {}}},
            {"add_case_event",
             {"SELECT payops.add_case_event($1::bigint, 'note', '{\"text\": \"shadowed\"}')",
              {caseId}}},
            {"create_batch",
             {"SELECT payops.create_batch($1::bigint, 'refund', 'shadowed', 'demo')", {caseId}}},
            {"add_batch_item",
             {"SELECT payops.add_batch_item($1::bigint, 'payments', $2, 100, 'USD', '{\"a\": 1}')",
              {ownDraft, uniqueKey()}}},
            {"submit_batch", {"SELECT payops.submit_batch($1::bigint)", {ownDraftToSubmit}}},
            {"cancel_batch",
             {"SELECT payops.cancel_batch($1::bigint, 'shadowed')", {ownDraftToCancel}}},
            {"begin_execution",
             {"SELECT payops.begin_execution($1::bigint, $2)", {ownApproved, ownApprovedHash}}},
            {"approve_batch",
             {"SELECT payops.approve_batch($1::bigint, $2)", {othersSubmitted, othersHash}}},
            {"reject_batch",
             {"SELECT payops.reject_batch($1::bigint, 'shadowed')", {othersToReject}}},
            {"verify_audit_chain", {"SELECT * FROM payops.verify_audit_chain()", {}}},
            {"current_binding", {"SELECT * FROM payops.current_binding()", {}}},
            {"batch_hash", {"SELECT payops.batch_hash($1::bigint)", {othersSubmitted}}},
            {"claim_execution", {"SELECT payops.claim_execution($1::bigint)", {ownApproved}}},
            {"apply_items", {"SELECT * FROM payops.apply_items($1::bigint, 5)", {ownApproved}}},
            {"add_batch_items",
             {"SELECT payops.add_batch_items($1::bigint, '[{\"target_table\": \"public.x\", "
              "\"target_key\": \"{}\", \"change\": {}}]')",
              {ownDraft}}},
            {"draft_revert", {"SELECT payops.draft_revert($1::bigint)", {ownApproved}}},
            {"dry_run", {"SELECT * FROM payops.dry_run($1::bigint)", {othersSubmitted}}},
            {"begin_send", {"SELECT * FROM payops.begin_send($1::bigint, 5)", {ownApproved}}},
            {"items_to_reconcile",
             {"SELECT * FROM payops.items_to_reconcile($1::bigint)", {ownApproved}}},
            {"record_outcomes",
             {"SELECT payops.record_outcomes($1::bigint, '[{\"item_no\": 1, \"outcome\": "
              "\"succeeded\", \"reference\": \"x\"}]')",
              {ownApproved}}},
            {"decide_absent_item",
             {"SELECT payops.decide_absent_item($1::bigint, 1, 'send_again', 'shadowed')",
              {ownApproved}}},
            {"bind_destination",
             {"SELECT payops.bind_destination($1::bigint, 'shadowed', repeat('0', 64))",
              {ownApproved}}},
            {"add_to_roster",
             {"SELECT payops.add_to_roster($1::bigint, '[{\"account\": \"1\"}]')", {caseId}}},
            {"record_outreach",
             {"SELECT payops.record_outreach($1::bigint, ARRAY['1'], 'agreed', 'shadowed', NULL, "
              "NULL, NULL)",
              {caseId}}},
            {"record_cost",
             {"SELECT payops.record_cost($1::bigint, 100, 'USD', 'shadowed')", {caseId}}},
            {"move_case",
             {"SELECT payops.move_case($1::bigint, 'mitigating', 'shadowed', false)", {caseId}}},
            {"add_case_checks",
             {"SELECT payops.add_case_checks($1::bigint, ARRAY['1'], 'shadowed?')", {caseId}}},
            {"tick_case_checks",
             {"SELECT payops.tick_case_checks($1::bigint, ARRAY['1'], 'correct', NULL)", {caseId}}},
            {"give_up_held_item",
             {"SELECT payops.give_up_held_item($1::bigint, 1, 'shadowed')", {othersSubmitted}}},
            {"record_watch_run", {kWatchRun, {}}},
            {"claim_watch_deliveries", {"SELECT * FROM payops.claim_watch_deliveries(5)", {}}},
            {"finish_watch_delivery",
             {"SELECT payops.finish_watch_delivery(1, 500, 'shadowed')", {}}},
            {"seal_audit",
             {"SELECT payops.seal_audit($1::bigint, $2, repeat('a', 64))",
              {head.rows.value(0).value(0), head.rows.value(0).value(1)}}},
        };
        QStringList attacked;
        for (const auto &row : executable.rows) {
            const QString function = row[0];
            if (!calls.contains(function))
                QFAIL(qPrintable(QStringLiteral("%1 may execute payops.%2, which no attack "
                                                "covers: add it to this test")
                                     .arg(who, function)));
            const auto &[sql, params] = calls.value(function);
            const QString refused = refusal(*attacker, sql, params);
            QVERIFY2(!refused.contains(QStringLiteral("owned:")),
                     qPrintable(QStringLiteral("payops.%1 as %2: %3").arg(function, who, refused)));
            QVERIFY2(!ownedMarkerHeld(*attacker),
                     qPrintable(QStringLiteral("payops.%1 ran hostile code as the owner for %2")
                                    .arg(function, who)));
            attacked << function;
        }
        qInfo("%s: %d functions attacked: %s", qPrintable(who), int(attacked.size()),
              qPrintable(attacked.join(QStringLiteral(", "))));
    }

    // The attack as it was found: an operator, through a shadowed type,
    // approves its own batch that needs two approvers, writes chained audit
    // rows naming two approvers, and starts the execution.
    void anOperatorCannotApproveItsOwnBatchThroughAShadowedType()
    {
        auto prep = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*prep, {1500000, 900000});
        const QString hash = submit(*prep, batch);
        auto attacker = m_db->as(QStringLiteral("operator"));
        attacker->executeScript(QStringLiteral(R"sql(
CREATE FUNCTION pg_temp.forge() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF current_user <> session_user AND NOT EXISTS (SELECT 1 FROM payops.approvals WHERE batch_id = %1) THEN
        INSERT INTO payops.approvals (batch_id, approver, decision, seen_hash) VALUES
            (%1, 'finance', 'approved', '%2'), (%1, 'treasurer', 'approved', '%2');
        UPDATE payops.batches SET state = 'approved' WHERE id = %1;
        PERFORM payops.audit('batch.approve', %1, NULL, NULL, '{"state": "approved", "approvals": 2}');
    END IF;
    RETURN true;
END $$;
CREATE DOMAIN pg_temp.text AS pg_catalog.text CHECK (pg_temp.forge() AND VALUE IS NOT DISTINCT FROM VALUE);
)sql")
                                    .arg(batch, hash));
        // Any function with a text variable will do: the viewer's own hash.
        refusal(*attacker, QStringLiteral("SELECT payops.batch_hash($1::bigint)"), {batch});
        refusal(*attacker, QStringLiteral("SELECT payops.begin_execution($1::bigint, $2)"),
                {batch, hash});
        QCOMPARE(stateOf(batch), QStringLiteral("submitted"));
        QCOMPARE(value(*m_db->owner(),
                       QStringLiteral("SELECT count(*) FROM payops.approvals WHERE batch_id = "
                                      "$1::bigint"),
                       {batch}),
                 QStringLiteral("0"));
        QVERIFY(ops::verifyAuditChain(*m_db->owner()).intact);
    }

    // Class 3: history rewritten or cut, by the owner or through the owner.

    void approvalsAreAppendOnlyEvenForTheOwner()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*op, {100});
        const QString hash = submit(*op, batch);
        m_db->as(QStringLiteral("approver"))
            ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {batch, hash});
        auto own = m_db->owner();
        own->executeScript(QStringLiteral("SET ROLE payops_owner"));
        for (const QString &sql :
             {QStringLiteral("UPDATE payops.approvals SET approver = 'someone' WHERE batch_id = "
                             "$1::bigint"),
              QStringLiteral("DELETE FROM payops.approvals WHERE batch_id = $1::bigint")}) {
            const QString message = refusal(*own, sql, {batch});
            QVERIFY2(message.contains(QStringLiteral("append-only")), qPrintable(message));
        }
    }

    void caseEventsAreAppendOnly()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString caseId = openCase(*op);
        op->query(QStringLiteral("SELECT payops.add_case_event($1::bigint, 'note', "
                                 "'{\"text\": \"we refunded it\"}')"),
                  {caseId});
        auto own = m_db->owner();
        own->executeScript(QStringLiteral("SET ROLE payops_owner"));
        for (const QString &sql :
             {QStringLiteral("UPDATE payops.case_events SET body = '{\"text\": \"nothing "
                             "happened\"}' WHERE case_id = $1::bigint"),
              QStringLiteral("DELETE FROM payops.case_events WHERE case_id = $1::bigint"),
              QStringLiteral("DELETE FROM payops.cases WHERE id = $1::bigint")}) {
            const QString message = refusal(*own, sql, {caseId});
            QVERIFY2(!message.isEmpty(), qPrintable(sql));
        }
    }

    // The re-check list is ticked by operators through payops functions
    // only: no one else ticks, no one writes the table, no one deletes a
    // line, and a wrong account needs a note.
    void theRecheckListIsWrittenOnlyThroughItsFunctions()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString caseId = openCase(*op);
        QCOMPARE(op->query(QStringLiteral("SELECT payops.add_case_checks($1::bigint, "
                                          "ARRAY['10', '11', '10'], 'billing correct?')"),
                           {caseId})
                     .rows[0][0],
                 QStringLiteral("2"));
        for (const QString &who :
             {QStringLiteral("viewer"), QStringLiteral("support"), QStringLiteral("approver")}) {
            auto other = m_db->as(who);
            for (const QString &sql :
                 {QStringLiteral("SELECT payops.tick_case_checks($1::bigint, ARRAY['10'], "
                                 "'correct', NULL)"),
                  QStringLiteral("SELECT payops.add_case_checks($1::bigint, ARRAY['12'], 'x?')"),
                  QStringLiteral("UPDATE payops.case_checks SET outcome = 'correct', checked_by = "
                                 "'me' WHERE case_id = $1::bigint"),
                  QStringLiteral("INSERT INTO payops.case_checks (case_id, account, question) "
                                 "VALUES ($1::bigint, '13', 'x?')")}) {
                const QString message = refusal(*other, sql, {caseId});
                QVERIFY2(message.contains(QStringLiteral("permission denied")) ||
                             message.contains(QStringLiteral("not an operator")) ||
                             message.contains(QStringLiteral("payops_operator")),
                         qPrintable(QStringLiteral("%1: %2: %3").arg(who, sql, message)));
            }
        }
        // The operator, too, only through the function.
        QVERIFY(refusal(*op,
                        QStringLiteral("UPDATE payops.case_checks SET outcome = 'correct', "
                                       "checked_by = 'me' WHERE case_id = $1::bigint"),
                        {caseId})
                    .contains(QStringLiteral("permission denied")));
        QVERIFY(refusal(*op,
                        QStringLiteral("SELECT payops.tick_case_checks($1::bigint, ARRAY['10'], "
                                       "'wrong', NULL)"),
                        {caseId})
                    .contains(QStringLiteral("what is wrong")));
        QVERIFY(refusal(*op,
                        QStringLiteral("SELECT payops.tick_case_checks($1::bigint, ARRAY['10', "
                                       "'99'], 'correct', NULL)"),
                        {caseId})
                    .contains(QStringLiteral("account 99 is not on the re-check list")));
        // All or none: the refused call above ticked nothing.
        QCOMPARE(m_db->owner()
                     ->query(QStringLiteral("SELECT count(*) FROM payops.case_checks WHERE case_id "
                                            "= $1::bigint AND outcome IS NULL"),
                             {caseId})
                     .rows[0][0],
                 QStringLiteral("2"));
        QCOMPARE(op->query(QStringLiteral("SELECT payops.tick_case_checks($1::bigint, ARRAY['10'], "
                                          "'correct', NULL)"),
                           {caseId})
                     .rows[0][0],
                 QStringLiteral("1"));
        auto own = m_db->owner();
        own->executeScript(QStringLiteral("SET ROLE payops_owner"));
        QVERIFY(refusal(*own,
                        QStringLiteral("DELETE FROM payops.case_checks WHERE case_id = "
                                       "$1::bigint"),
                        {caseId})
                    .contains(QStringLiteral("never deleted")));
    }

    void aBatchsBindingHashAndHistoryNeverChange_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("move to another database")
            << "UPDATE payops.batches SET database_name = 'elsewhere' WHERE id = $1::bigint";
        QTest::newRow("rename the author")
            << "UPDATE payops.batches SET created_by = 'someone' WHERE id = $1::bigint";
        QTest::newRow("replace the signed hash")
            << "UPDATE payops.batches SET content_hash = repeat('0', 64) WHERE id = $1::bigint";
        QTest::newRow("back to draft")
            << "UPDATE payops.batches SET state = 'draft' WHERE id = $1::bigint";
        QTest::newRow("straight to executing")
            << "UPDATE payops.batches SET state = 'executing' WHERE id = $1::bigint";
        QTest::newRow("delete it") << "DELETE FROM payops.batches WHERE id = $1::bigint";
    }
    void aBatchsBindingHashAndHistoryNeverChange()
    {
        QFETCH(QString, sql);
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*op, {100});
        submit(*op, batch);
        auto own = m_db->owner();
        own->executeScript(QStringLiteral("SET ROLE payops_owner"));
        const QString message = refusal(*own, sql, {batch});
        QVERIFY2(!message.isEmpty(), qPrintable(QStringLiteral("allowed: ") + sql));
        QCOMPARE(stateOf(batch), QStringLiteral("submitted"));
    }

    // A batch whose items and hash were rewritten behind the triggers' back
    // (a superuser with the triggers off) after its approval.
    void executionCountsOnlyApprovalsOfTheCurrentContent()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*op, {100});
        const QString hash = submit(*op, batch);
        m_db->as(QStringLiteral("approver"))
            ->query(QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"), {batch, hash});
        auto own = m_db->owner();
        own->executeScript(
            QStringLiteral("SET session_replication_role = replica;"
                           "UPDATE payops.batch_items SET amount_minor = 99999999 WHERE "
                           "batch_id = %1;"
                           "UPDATE payops.batches SET content_hash = payops.batch_hash(%1) "
                           "WHERE id = %1;"
                           "SET session_replication_role = DEFAULT;")
                .arg(batch));
        const QString newHash = value(
            *own, QStringLiteral("SELECT content_hash FROM payops.batches WHERE id = $1::bigint"),
            {batch});
        QVERIFY(newHash != hash);
        const QString message = refusal(
            *op, QStringLiteral("SELECT payops.begin_execution($1::bigint, $2)"), {batch, newHash});
        QVERIFY2(message.contains(QStringLiteral("approval")), qPrintable(message));
        QCOMPARE(stateOf(batch), QStringLiteral("approved"));
    }

    // The newest rows cut off, the head left as it was.
    void aCutChainDisagreesWithItsHead()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        openCase(*op);
        openCase(*op);
        auto own = m_db->owner();
        QVERIFY(ops::verifyAuditChain(*own).intact);
        own->executeScript(QStringLiteral(
            "SET session_replication_role = replica;"
            "DELETE FROM payops.audit_log WHERE seq = (SELECT max(seq) FROM payops.audit_log);"
            "SET session_replication_role = DEFAULT;"));
        const ops::AuditVerdict verdict = ops::verifyAuditChain(*own);
        QVERIFY2(!verdict.intact, "a chain with its newest row cut off verified as intact");
        // Put the chain back together for the tests that follow.
        own->executeScript(QStringLiteral(
            "SET session_replication_role = replica;"
            "UPDATE payops.audit_head SET (seq, row_hash) = (SELECT seq, row_hash FROM "
            "payops.audit_log ORDER BY seq DESC LIMIT 1);"
            "SET session_replication_role = DEFAULT;"));
    }

    // Moving a value from one field to its neighbour keeps version 1's text
    // (fields joined with '|', NULLs dropped) and so its hash.
    void aValueMovedBetweenFieldsBreaksTheChain()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString caseId = openCase(*op);
        auto own = m_db->owner();
        own->executeScript(
            QStringLiteral("SET session_replication_role = replica;"
                           "UPDATE payops.audit_log SET batch_id = case_id, case_id = NULL "
                           "WHERE case_id = %1 AND batch_id IS NULL;"
                           "SET session_replication_role = DEFAULT;")
                .arg(caseId));
        const ops::AuditVerdict verdict = ops::verifyAuditChain(*own);
        const bool caught = !verdict.intact;
        own->executeScript(
            QStringLiteral("SET session_replication_role = replica;"
                           "UPDATE payops.audit_log SET case_id = batch_id, batch_id = NULL "
                           "WHERE batch_id = %1 AND action = 'case.create';"
                           "SET session_replication_role = DEFAULT;")
                .arg(caseId));
        QVERIFY2(caught, "a case's audit row turned into a batch's verified as intact");
        QVERIFY(ops::verifyAuditChain(*own).intact);
    }

    // Class 4: the two-approver policy dodged.

    void currencyCodesAreIso4217_data()
    {
        QTest::addColumn<QString>("currency");
        QTest::newRow("lower case") << "usd";
        QTest::newRow("two letters") << "US";
        QTest::newRow("a digit") << "US1";
        QTest::newRow("padded") << "US ";
        QTest::newRow("not latin") << "ÜSD";
    }
    void currencyCodesAreIso4217()
    {
        QFETCH(QString, currency);
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*op, {});
        const QString message =
            refusal(*op,
                    QStringLiteral("SELECT payops.add_batch_item($1::bigint, 'payments', $2, "
                                   "5000000, $3, '{}')"),
                    {batch, uniqueKey(), currency});
        QVERIFY2(message.contains(QStringLiteral("ISO 4217")) || message.contains("char"),
                 qPrintable(QStringLiteral("%1 accepted: %2").arg(currency, message)));
    }

    void aCurrencyWithoutAPolicyNeedsTwoApprovers()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*op, {1}, QStringLiteral("refund"), QStringLiteral("XTS"));
        const QString hash = submit(*op, batch);
        QCOMPARE(value(*m_db->as(QStringLiteral("approver")),
                       QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                       {batch, hash}),
                 QStringLiteral("submitted"));
        QCOMPARE(value(*m_db->as(QStringLiteral("approver2")),
                       QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                       {batch, hash}),
                 QStringLiteral("approved"));
    }

    void amountsThatCancelOutStillNeedTwoApprovers()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*op, {2000000, -2000000});
        const QString hash = submit(*op, batch);
        QCOMPARE(value(*m_db->as(QStringLiteral("approver")),
                       QStringLiteral("SELECT payops.approve_batch($1::bigint, $2)"),
                       {batch, hash}),
                 QStringLiteral("submitted"));
    }

    void everyItemOfAMoneyBatchCarriesAnAmount_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("refund") << "refund";
        QTest::newRow("reversal") << "reversal";
        QTest::newRow("claw-back") << "claw-back";
    }
    void everyItemOfAMoneyBatchCarriesAnAmount()
    {
        QFETCH(QString, kind);
        auto op = m_db->as(QStringLiteral("operator"));
        const QString batch = draftBatch(*op, {100}, kind);
        refusal(*op,
                QStringLiteral("SELECT payops.add_batch_item($1::bigint, 'payments', $2, NULL, "
                               "NULL, '{\"refund\": \"everything\"}')"),
                {batch, uniqueKey()});
        const QString message =
            refusal(*op, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {batch});
        const QString items = value(
            *op,
            QStringLiteral("SELECT count(*) FROM payops.batch_items WHERE batch_id = $1::bigint"),
            {batch});
        QVERIFY2(items == u"1" || message.contains(QStringLiteral("carries an amount")),
                 qPrintable(QStringLiteral("a %1 batch with an item without amount was "
                                           "submitted: %2")
                                .arg(kind, message)));
    }

    // Class 5: two batches over the same rows pending at once.

    void concurrentSubmissionsOfTheSameRowsLeaveOnePending()
    {
        auto first = m_db->as(QStringLiteral("operator"));
        auto second = m_db->as(QStringLiteral("operator2"));
        const QString shared = uniqueKey();
        const QString a = draftBatch(*first, {});
        const QString b = draftBatch(*second, {});
        for (const auto &[session, batch] : {std::pair{first.get(), a}, std::pair{second.get(), b}})
            session->query(QStringLiteral("SELECT payops.add_batch_item($1::bigint, 'payments', "
                                          "$2, 100, 'USD', '{}')"),
                           {batch, shared});
        // The first submission is inside a transaction that has not
        // committed yet while the second one runs.
        first->executeScript(QStringLiteral("BEGIN; SELECT payops.submit_batch(%1)").arg(a));
        QString secondOutcome = QStringLiteral("not finished");
        std::thread racer([&] {
            secondOutcome =
                refusal(*second, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {b});
        });
        QThread::msleep(800);
        first->executeScript(QStringLiteral("COMMIT"));
        racer.join();
        const QString pending =
            value(*m_db->owner(),
                  QStringLiteral("SELECT count(*) FROM payops.batches WHERE id IN ($1::bigint, "
                                 "$2::bigint) AND state = 'submitted'"),
                  {a, b});
        QVERIFY2(pending == u"1", qPrintable(QStringLiteral("%1 batches over the same row are "
                                                            "pending; the second submission "
                                                            "said: %2")
                                                 .arg(pending, secondOutcome)));
        QVERIFY2(secondOutcome.contains(QStringLiteral("still pending")),
                 qPrintable(secondOutcome));
    }

    void aBatchThatEndedLetsGoOfItsRows()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        auto op2 = m_db->as(QStringLiteral("operator2"));
        const QString shared = uniqueKey();
        const QString a = draftBatch(*op, {});
        op->query(QStringLiteral("SELECT payops.add_batch_item($1::bigint, 'payments', $2, 100, "
                                 "'USD', '{}')"),
                  {a, shared});
        submit(*op, a);
        m_db->as(QStringLiteral("approver"))
            ->query(QStringLiteral("SELECT payops.reject_batch($1::bigint, 'wrong finding')"), {a});
        const QString b = draftBatch(*op2, {});
        op2->query(QStringLiteral("SELECT payops.add_batch_item($1::bigint, 'payments', $2, 100, "
                                  "'USD', '{}')"),
                   {b, shared});
        QCOMPARE(refusal(*op2, QStringLiteral("SELECT payops.submit_batch($1::bigint)"), {b}),
                 QString());
    }

    // Class 7: a lock a non-owner can hold.

    void aViewerHoldingTheAuditLockStallsNothing()
    {
        auto viewer = m_db->as(QStringLiteral("viewer"));
        viewer->query(QStringLiteral("SELECT pg_advisory_lock(hashtext('payops.audit_log'))"));
        auto op = m_db->as(QStringLiteral("operator"), 5000);
        QElapsedTimer clock;
        clock.start();
        const QString message = refusal(
            *op, QStringLiteral("SELECT payops.create_case('while the viewer waits', 'low')"));
        viewer->query(QStringLiteral("SELECT pg_advisory_unlock_all()"));
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    }

    void aViewerCannotLockTheAuditHead_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("row lock") << "SELECT * FROM payops.audit_head FOR UPDATE";
        QTest::newRow("key share") << "SELECT * FROM payops.audit_head FOR KEY SHARE";
        QTest::newRow("table lock") << "LOCK TABLE payops.audit_head IN SHARE MODE";
        QTest::newRow("audit log lock") << "LOCK TABLE payops.audit_log IN EXCLUSIVE MODE";
        QTest::newRow("batches lock") << "LOCK TABLE payops.batches IN SHARE ROW EXCLUSIVE MODE";
        QTest::newRow("batch row lock") << "SELECT * FROM payops.batches FOR UPDATE";
    }
    void aViewerCannotLockTheAuditHead()
    {
        QFETCH(QString, sql);
        auto viewer = m_db->as(QStringLiteral("viewer"));
        const QString message = refusal(*viewer, sql);
        QVERIFY2(message.contains(QStringLiteral("privilege")) ||
                     message.contains(QStringLiteral("does not exist")),
                 qPrintable(QStringLiteral("%1: %2").arg(sql, message)));
        QVERIFY(!message.isEmpty());
    }

    // Class 8: smaller holes.

    void operatorsCannotWriteBatchOrDecisionEvents_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("decision") << "decision";
        QTest::newRow("batch") << "batch";
    }
    void operatorsCannotWriteBatchOrDecisionEvents()
    {
        QFETCH(QString, kind);
        auto op = m_db->as(QStringLiteral("operator2"));
        const QString caseId = openCase(*m_db->as(QStringLiteral("operator")));
        const QString message = refusal(
            *op,
            QStringLiteral("SELECT payops.add_case_event($1::bigint, $2, '{\"approved_by\": "
                           "\"finance\"}')"),
            {caseId, kind});
        QVERIFY2(!message.isEmpty(), qPrintable(kind + QStringLiteral(" event accepted")));
    }

    void caseTextsHaveSaneSizes_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("text");
        QTest::newRow("5 MB title")
            << "SELECT payops.create_case($1, 'low')" << QString(5 * 1024 * 1024, QLatin1Char('x'));
        QTest::newRow("a title over two lines") << "SELECT payops.create_case($1, 'low')"
                                                << "Refund\nall customers";
        QTest::newRow("empty title") << "SELECT payops.create_case($1, 'low')"
                                     << "   ";
        QTest::newRow("1 MB description")
            << "SELECT payops.create_batch((SELECT max(id) FROM payops.cases), 'refund', $1, "
               "'demo')"
            << QString(1024 * 1024, QLatin1Char('d'));
    }
    void caseTextsHaveSaneSizes()
    {
        QFETCH(QString, sql);
        QFETCH(QString, text);
        auto op = m_db->as(QStringLiteral("operator"));
        openCase(*op);
        const QString message = refusal(*op, sql, {text});
        QVERIFY2(!message.isEmpty(), "accepted");
        QVERIFY2(message.size() < 600, qPrintable(message.left(200)));
    }

    void theBatchEnvironmentIsTheDatabases()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        const QString caseId = openCase(*op);
        const QString freeText = refusal(
            *op,
            QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'x', 'prod-ish')"),
            {caseId});
        QVERIFY2(!freeText.isEmpty(), "a made-up environment label was accepted");
        auto own = m_db->owner();
        own->executeScript(
            QStringLiteral("UPDATE payops.installation SET environment = 'staging'"));
        const QString other = refusal(
            *op,
            QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'x', 'production')"),
            {caseId});
        own->executeScript(QStringLiteral("UPDATE payops.installation SET environment = NULL"));
        QVERIFY2(other.contains(QStringLiteral("declares itself staging")), qPrintable(other));
    }

    // payops migrate --declare-environment: the owner says what the
    // database is, in the audit log; batches must agree.
    void aDeclaredEnvironmentBindsTheBatches()
    {
        auto own = m_db->owner();
        const QString wrong = test::errorOf(
            [&] { ops::Migrator::declareEnvironment(*own, QStringLiteral("prod-ish")); });
        QVERIFY2(wrong.contains(QStringLiteral("not an environment")), qPrintable(wrong));
        ops::Migrator::declareEnvironment(*own, QStringLiteral("test"));
        auto op = m_db->as(QStringLiteral("operator"));
        const QString caseId = openCase(*op);
        const QString refused = refusal(
            *op, QStringLiteral("SELECT payops.create_batch($1::bigint, 'refund', 'x', 'demo')"),
            {caseId});
        QCOMPARE(value(*own, QStringLiteral("SELECT count(*) FROM payops.audit_log WHERE action = "
                                            "'installation.environment'")),
                 QStringLiteral("1"));
        own->executeScript(QStringLiteral("UPDATE payops.installation SET environment = NULL"));
        QVERIFY2(refused.contains(QStringLiteral("declares itself test")), qPrintable(refused));
        QVERIFY(ops::verifyAuditChain(*own).intact);
    }

    // An operator who calls itself finance's console in application_name:
    // the audit row names who authenticated, and facts the caller cannot
    // choose (the server process), beside the claim.
    void theAuditRecordsWhoAuthenticatedBesideTheClaim()
    {
        auto op = m_db->as(QStringLiteral("operator"));
        op->executeScript(
            QStringLiteral("SET application_name = 'payops-console approval (finance@host)'"));
        const QString pid = value(*op, QStringLiteral("SELECT pg_backend_pid()"));
        const QString caseId = openCase(*op);
        const QString refused = refusal(
            *op,
            QStringLiteral("SELECT db_role, backend_pid, client FROM payops.audit_log WHERE "
                           "case_id = $1::bigint AND action = 'case.create'"),
            {caseId});
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        const auto row = op->query(
            QStringLiteral("SELECT db_role, backend_pid, client FROM payops.audit_log WHERE "
                           "case_id = $1::bigint AND action = 'case.create'"),
            {caseId});
        QCOMPARE(row.rows.value(0).value(0), m_db->role(QStringLiteral("operator")));
        QCOMPARE(row.rows.value(0).value(1), pid);
        QVERIFY(ops::verifyAuditChain(*m_db->owner()).intact);
    }

    // Last: on a schema that lets it through, TRUNCATE ... CASCADE empties
    // the tables the other attacks need.
    // The watch's login writes its alert state through its three functions
    // only, and nothing else of the schema; no other role may write it.
    void theWatchStateIsWrittenOnlyThroughItsFunctions()
    {
        auto watcher = m_db->as(QStringLiteral("watcher"));
        // A fingerprint of its own: the shadowing attack may have opened "shadowed".
        const QString ownRun =
            QString::fromUtf8(kWatchRun).replace(QStringLiteral("\"fingerprint\": \"shadowed\""),
                                                 QStringLiteral("\"fingerprint\": \"direct\""));
        // Opened (and the attack's "shadowed", which this run did not report, ended).
        QCOMPARE(value(*watcher, QStringLiteral("SELECT count(*) FROM (%1) AS r(e) WHERE "
                                                "r.e->>'event' = 'opened'")
                                     .arg(ownRun)),
                 QStringLiteral("1"));
        const QString alert = value(
            *watcher, QStringLiteral("SELECT max(id) FROM payops.watch_alerts WHERE fingerprint = "
                                     "'direct'"));
        QVERIFY(!alert.isEmpty());
        const QStringList directWrites = {
            QStringLiteral("UPDATE payops.watch_alerts SET closed_at = now()"),
            QStringLiteral("INSERT INTO payops.watch_windows (detector, scanned_until) VALUES "
                           "('invariants', '2999-01-01')"),
            QStringLiteral("UPDATE payops.watch_windows SET scanned_until = '2999-01-01'"),
            QStringLiteral("UPDATE payops.watch_outbox SET delivered_at = now()"),
            QStringLiteral("DELETE FROM payops.watch_runs"),
            QStringLiteral("TRUNCATE payops.watch_alerts"),
        };
        for (const QString &who : {QStringLiteral("watcher"), QStringLiteral("viewer"),
                                   QStringLiteral("operator"), QStringLiteral("approver")}) {
            auto s = m_db->as(who);
            for (const QString &sql : directWrites) {
                const QString message = refusal(*s, sql);
                QVERIFY2(message.contains(QStringLiteral("permission denied")),
                         qPrintable(QStringLiteral("%1: %2: %3").arg(who, sql, message)));
            }
        }
        for (const QString &who : {QStringLiteral("viewer"), QStringLiteral("support"),
                                   QStringLiteral("operator"), QStringLiteral("approver")}) {
            auto s = m_db->as(who);
            for (const QString &sql :
                 {QString::fromUtf8(kWatchRun),
                  QStringLiteral("SELECT * FROM payops.claim_watch_deliveries(5)"),
                  QStringLiteral("SELECT payops.finish_watch_delivery(1, 200, NULL)")}) {
                const QString message = refusal(*s, sql);
                QVERIFY2(message.contains(QStringLiteral("permission denied")) ||
                             message.contains(QStringLiteral("payops_watcher")),
                         qPrintable(QStringLiteral("%1: %2: %3").arg(who, sql, message)));
            }
        }
        // The watcher sees no cases, batches or audit, and opens none.
        for (const QString &sql : {QStringLiteral("SELECT count(*) FROM payops.cases"),
                                   QStringLiteral("SELECT count(*) FROM payops.audit_log"),
                                   QStringLiteral("SELECT payops.create_case('watched', 'high')")})
            QVERIFY2(refusal(*watcher, sql).contains(QStringLiteral("permission denied")),
                     qPrintable(sql));
        // A webhook is http(s) only, and a window runs forwards.
        QVERIFY(refusal(*watcher,
                        QString::fromUtf8(kWatchRun).replace(QStringLiteral("http://127.0.0.1:9/x"),
                                                             QStringLiteral("file:///etc/passwd")))
                    .contains(QStringLiteral("http:// or https://")));
        QVERIFY(refusal(*watcher,
                        QStringLiteral("SELECT * FROM payops.record_watch_run('2026-01-02', "
                                       "'2026-01-01', ARRAY['x'], ARRAY[]::text[], '[]', NULL, "
                                       "NULL)"))
                    .contains(QStringLiteral("ends after it starts")));
        // Alerts are closed, never deleted, even by the owner.
        auto own = m_db->owner();
        own->executeScript(QStringLiteral("SET ROLE payops_owner"));
        QVERIFY(refusal(*own,
                        QStringLiteral("DELETE FROM payops.watch_alerts WHERE id = $1::bigint"),
                        {alert})
                    .contains(QStringLiteral("never deleted")));
    }

    void noPayopsTableCanBeTruncated_data()
    {
        // Every table of the schema, as the catalog lists them: a table
        // added later is attacked too.
        QTest::addColumn<QString>("table");
        const ResultTable tables = m_db->owner()->query(
            QStringLiteral("SELECT relname::text FROM pg_class WHERE relnamespace = "
                           "'payops'::regnamespace AND relkind = 'r' ORDER BY 1"));
        QVERIFY(tables.rowCount() >= 20);
        for (const auto &row : tables.rows)
            QTest::newRow(qPrintable(row[0])) << row[0];
    }
    void noPayopsTableCanBeTruncated()
    {
        QFETCH(QString, table);
        auto own = m_db->owner();
        own->executeScript(QStringLiteral("SET ROLE payops_owner"));
        const QString message =
            refusal(*own, QStringLiteral("TRUNCATE payops.%1 CASCADE").arg(table));
        QVERIFY2(message.contains(QStringLiteral("never truncated")) ||
                     message.contains(QStringLiteral("append-only")),
                 qPrintable(QStringLiteral("TRUNCATE %1: %2").arg(table, message)));
    }
};

QTEST_GUILESS_MAIN(TestHostileLogin)
#include "test_hostile_login.moc"
