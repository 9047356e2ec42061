// Every SQL template shipped renders: each file under resources/sql/ (all
// folders but migrations, found by listing what the build compiled in, so a
// new file or folder is checked without being named here) is rendered
// against the demo's schema profile and the second test profile
// (tests/support/profiles/shop.json), for a scan of everything and of a
// window. A placeholder that no code fills, one left over after rendering,
// one inside a comment, or brackets and quotes that do not close fail the
// test, naming the file. pgModeler's schemafilessyntaxtest is the model.
//
// The fragments are the ones the code hands to renderSql(): what
// detect/profile_fragments.cpp derives from a profile, and, per folder, the
// few the call sites build themselves (a stream's table, an integer id). A
// template with a new placeholder needs its call site's fragment added
// below. What the rendered SQL means is proven by the PostgreSQL tests that
// run it; this one proves every template can be rendered at all.
#include "core/user_error.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/orphan_detector.h"
#include "detect/profile_fragments.h"
#include "diff/row_hash.h"
#include "diff/table_shape.h"
#include "schema/schema_profile.h"
#include "support/test_profiles.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace payops;

namespace {

using Fragments = QHash<QString, QString>;

struct Template
{
    QString name;   // "detect/orphans"
    QString folder; // "detect"
    QString text;
};

// Every .sql under :/sql but the migrations (scripts, never rendered).
QVector<Template> shippedTemplates()
{
    QVector<Template> templates;
    const QString root = db::sqlResourceRoot();
    QDirIterator it(root, {QStringLiteral("*.sql")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString name = path.mid(root.size() + 1).chopped(4);
        const QString folder = name.section(QLatin1Char('/'), 0, 0);
        if (folder == u"migrations")
            continue;
        templates.append({name, folder, db::sqlResource(name)});
    }
    std::sort(templates.begin(), templates.end(),
              [](const Template &a, const Template &b) { return a.name < b.name; });
    return templates;
}

// What detect/profile_fragments.cpp gives the detectors for a profile.
Fragments profileFragments(const schema::SchemaProfile &p, const detect::ScanOptions &o)
{
    Fragments f = detect::accountFragments(p);
    const struct
    {
        const char *entity, *prefix, *alias;
    } records[] = {
        {"charges", "charge", "c"}, {"refunds", "refund", "r"}, {"payouts", "payout", "p"}};
    for (const auto &r : records) {
        const schema::TableMap &map = p.table(QLatin1String(r.entity));
        if (map.isMapped() && map.has(QStringLiteral("amount")))
            f.insert(detect::recordFragments(p, QLatin1String(r.entity), QLatin1String(r.prefix),
                                             QLatin1String(r.alias), o));
    }
    f.insert(detect::windowFragments(o));
    return f;
}

// What the detectors' call sites add: stream_detector, share_detector,
// finding_rows, orphan_detector, invariant_detector, duplicate_detector.
Fragments detectCallSites(const schema::SchemaProfile &p, const detect::ScanOptions &o)
{
    using db::quoteIdent;
    Fragments f;
    const schema::Stream &s = p.streams.first();
    const schema::TableMap &charges = p.table(QStringLiteral("charges"));
    const schema::TableMap &orders = p.table(QStringLiteral("orders"));
    const schema::TableMap &refunds = p.table(QStringLiteral("refunds"));

    // A stream's or a watched column's own table (stream_buckets, stream_rows,
    // daily_mix, column_rows).
    f.insert(QStringLiteral("table"), db::qualifiedTable(p.schema, s.table));
    f.insert(QStringLiteral("source"),
             db::qualifiedTable(p.schema, s.table) + QStringLiteral(" AS t"));
    f.insert(QStringLiteral("key"), quoteIdent(s.key));
    f.insert(QStringLiteral("time"), quoteIdent(s.time));
    f.insert(QStringLiteral("user"),
             s.user.isEmpty() ? QStringLiteral("NULL") : QStringLiteral("t.") + quoteIdent(s.user));
    // stream_detector's ownerOf(): a stream naming its user needs no join; a
    // refunds stream without one reaches its user through the charge.
    f.insert(QStringLiteral("owner_join"), QString());
    f.insert(QStringLiteral("amount"), s.amount.isEmpty()
                                           ? QStringLiteral("0::bigint")
                                           : QStringLiteral("t.") + quoteIdent(s.amount));
    f.insert(QStringLiteral("currency"),
             detect::currencyExpression(QStringLiteral("t"), s.currency, s.fixedCurrency));
    f.insert(QStringLiteral("column"), quoteIdent(s.dimensions.value(0, s.key)));
    f.insert(QStringLiteral("condition"), QStringLiteral("true"));
    f.insert(QStringLiteral("window"), detect::windowCondition(QStringLiteral("t"), s.time, o));
    f.insert(QStringLiteral("window_start"), db::timeLiteral(o.since));
    f.insert(QStringLiteral("window_end"), db::untilLiteral(o.until));
    f.insert(QStringLiteral("filter"), QString());
    QString columns, names, inner = QStringLiteral("1, 2"),
                            sets = QStringLiteral("(bucket, currency)");
    for (int i = 0; i < s.dimensions.size(); ++i) {
        columns += QStringLiteral(",\n           t.%1::text AS d%2")
                       .arg(quoteIdent(s.dimensions[i]))
                       .arg(i);
        names += QStringLiteral(", d%1").arg(i);
        inner += QStringLiteral(", %1").arg(i + 3);
        sets += QStringLiteral(", (bucket, d%1)").arg(i);
    }
    f.insert(QStringLiteral("dimension_columns"), columns);
    f.insert(QStringLiteral("dimension_names"), names);
    f.insert(QStringLiteral("inner_group"), inner);
    f.insert(QStringLiteral("grouping_sets"), sets);

    // A finding's rows, wrapped by finding_summary and affected_users.
    f.insert(QStringLiteral("rows"), detect::OrphanDetector::rowsSql(p, o));
    // detect/incidents.cpp: a row another finding of the incident names.
    f.insert(QStringLiteral("corroborated"),
             QStringLiteral("(h.at >= timestamptz '2026-04-15 13:00:00+00' AND h.at <= timestamptz "
                            "'2026-04-15 16:00:00+00' AND h.user_id::text IN (SELECT "
                            "e.user_id::text FROM (\n%1\n) AS e))")
                 .arg(detect::OrphanDetector::rowsSql(p, o)));

    // Orphans and duplicates.
    for (const QString &alias : {QStringLiteral("c"), QStringLiteral("p")})
        f.insert(QStringLiteral("recent_") + alias,
                 detect::windowCondition(alias, charges.column(QStringLiteral("time")), o));
    f.insert(QStringLiteral("recent_orders"), QStringLiteral("true"));
    f.insert(QStringLiteral("order_part"), QString());
    const bool hasOrder = charges.has(QStringLiteral("order"));
    f.insert(QStringLiteral("charge_order"),
             hasOrder ? QStringLiteral("c.") + quoteIdent(charges.column(QStringLiteral("order")))
                      : QStringLiteral("NULL"));
    if (hasOrder && orders.isMapped()) {
        f.insert(QStringLiteral("charge_order_column"),
                 quoteIdent(charges.column(QStringLiteral("order"))));
        f.insert(QStringLiteral("orders"), db::qualifiedTable(p.schema, orders.table));
        f.insert(QStringLiteral("order_key"), quoteIdent(orders.column(QStringLiteral("key"))));
    }
    // duplicate_detector: a polymorphic link's type test, and the order's
    // total (duplicate_charges_beyond_total, for profiles that map one).
    for (const QString &alias : {QStringLiteral("c"), QStringLiteral("d")})
        f.insert(alias == u"c" ? QStringLiteral("charge_is_order") : QStringLiteral("order_link_d"),
                 detect::valueCondition(charges, alias, QStringLiteral("order_type"),
                                        QStringLiteral("order_type_values")));
    if (!f.contains(QStringLiteral("orders"))) { // rendered, though never run, without orders
        f.insert(QStringLiteral("orders"), db::qualifiedTable(p.schema, QStringLiteral("orders")));
        f.insert(QStringLiteral("order_key"), quoteIdent(QStringLiteral("id")));
    }
    f.insert(QStringLiteral("order_total"),
             quoteIdent(orders.has(QStringLiteral("total")) ? orders.column(QStringLiteral("total"))
                                                            : QStringLiteral("total")));

    // Charges (or subscriptions) on closed accounts.
    f.insert(detect::entityFragments(p, QStringLiteral("charges"), QStringLiteral("subject"),
                                     QStringLiteral("c")));
    f.insert(QStringLiteral("subject"), f.value(QStringLiteral("subject_table")));
    f.insert(QStringLiteral("subject_succeeded"),
             QStringLiteral("\n  AND ") +
                 detect::valueCondition(charges, QStringLiteral("c"), QStringLiteral("status"),
                                        QStringLiteral("succeeded_values")));

    // Refund invariants.
    if (refunds.isMapped()) {
        f.insert(QStringLiteral("refund_source"),
                 refunds.has(QStringLiteral("source"))
                     ? QStringLiteral("r.") + quoteIdent(refunds.column(QStringLiteral("source"))) +
                           QStringLiteral("::text")
                     : QStringLiteral("NULL::text"));
        f.insert(QStringLiteral("non_production"),
                 QStringLiteral("NOT (coalesce(") +
                     detect::valueCondition(refunds, QStringLiteral("r"), QStringLiteral("source"),
                                            QStringLiteral("production_values")) +
                     QStringLiteral(", false))"));
        f.insert(QStringLiteral("charge_not_taken"),
                 QStringLiteral("NOT ") +
                     detect::valueCondition(charges, QStringLiteral("c"), QStringLiteral("status"),
                                            QStringLiteral("succeeded_values")));
    }
    return f;
}

// What models/ops fills: integer ids it formats itself, a finding's rows,
// the version row of a migration.
Fragments opsCallSites(const schema::SchemaProfile &p, const detect::ScanOptions &o)
{
    return {{QStringLiteral("batch_id"), QStringLiteral("42")},
            {QStringLiteral("case_id"), QStringLiteral("7")},
            {QStringLiteral("rows"), detect::OrphanDetector::rowsSql(p, o)},
            {QStringLiteral("migration_version"), QStringLiteral("3")},
            {QStringLiteral("migration_name"), db::sqlLiteral(QStringLiteral("003_example"))}};
}

// What models/diff fills, built by the diff's own fragment functions on a
// table of the profile (its charges, keyed as the profile says) and with
// the profile's accounts and their columns.
Fragments diffCallSites(const schema::SchemaProfile &p, const detect::ScanOptions &)
{
    const schema::TableMap &charges = p.table(QStringLiteral("charges"));
    const schema::TableMap &accounts = p.table(QStringLiteral("accounts"));
    diff::TableShape shape;
    shape.schema = p.schema;
    shape.table = charges.table;
    shape.key = {charges.column(QStringLiteral("key"))};
    shape.columns = {
        {charges.column(QStringLiteral("key")), QStringLiteral("bigint"), QStringLiteral("N")},
        {charges.column(QStringLiteral("amount")), QStringLiteral("bigint"), QStringLiteral("N")},
        {charges.column(QStringLiteral("time")), QStringLiteral("timestamp with time zone"),
         QStringLiteral("D")}};
    const QString key = db::quoteIdent(shape.key.first());
    const auto column = [&](const QString &role) {
        return accounts.has(role) ? db::quoteIdent(accounts.column(role)) : QStringLiteral("NULL");
    };
    return {
        {QStringLiteral("table"), db::qualifiedTable(shape.schema, shape.table)},
        {QStringLiteral("table_literal"),
         db::sqlLiteral(shape.schema + QLatin1Char('.') + shape.table)},
        {QStringLiteral("key"), key},
        {QStringLiteral("key_text"), diff::keyTextExpression(shape, QStringLiteral("t"))},
        {QStringLiteral("key_match"), QStringLiteral("t.%1 = k.%1").arg(key)},
        {QStringLiteral("user_type"), QStringLiteral("bigint")},
        {QStringLiteral("through_user_type"), QStringLiteral("bigint")},
        {QStringLiteral("row_hash"), diff::rowHashExpression(shape, QStringLiteral("t"))},
        {QStringLiteral("checksum"),
         diff::checksumColumns(diff::rowHashExpression(shape, QStringLiteral("t")))},
        {QStringLiteral("part"),
         QStringLiteral("(t.") + key + QStringLiteral(" - $1::bigint) / 32")},
        {QStringLiteral("where"),
         QStringLiteral("t.") + key + QStringLiteral(" = ANY ($1::bigint[])")},
        {QStringLiteral("newer"), QStringLiteral("false")},
        {QStringLiteral("order"), key},
        {QStringLiteral("limit"), QStringLiteral("200")},
        {QStringLiteral("column"), db::quoteIdent(charges.column(QStringLiteral("time")))},
        {QStringLiteral("columns"), key},
        {QStringLiteral("rows"), QStringLiteral("(1)")},
        {QStringLiteral("nulls"), QStringLiteral("NULL")},
        {QStringLiteral("jit"), db::sqlLiteral(QStringLiteral("off"))},
        {QStringLiteral("accounts"), db::qualifiedTable(p.schema, accounts.table)},
        {QStringLiteral("match"), column(QStringLiteral("email")) + QStringLiteral(" ILIKE $1")},
        {QStringLiteral("email"), column(QStringLiteral("email"))},
        {QStringLiteral("name"), column(QStringLiteral("name"))},
        {QStringLiteral("user_column"), db::quoteIdent(charges.column(QStringLiteral("user")))},
        {QStringLiteral("through"), db::qualifiedTable(shape.schema, shape.table)},
        {QStringLiteral("through_key"), key},
        {QStringLiteral("through_user"), db::quoteIdent(charges.column(QStringLiteral("user")))}};
}

// What models/exec fills: the names the server quoted for a table to
// register.
Fragments execCallSites(const schema::SchemaProfile &p, const detect::ScanOptions &)
{
    const QString table = db::qualifiedTable(p.schema, p.table(QStringLiteral("charges")).table);
    const QString literal = db::sqlLiteral(table);
    return {{QStringLiteral("schema"), db::quoteIdent(p.schema)},
            {QStringLiteral("table"), table},
            {QStringLiteral("table_literal"), literal},
            // A money source (exec/money_sources.cpp): literals, or NULL.
            {QStringLiteral("operation"), db::sqlLiteral(QStringLiteral("refund"))},
            {QStringLiteral("amount"), db::sqlLiteral(QStringLiteral("amount_minor"))},
            {QStringLiteral("currency"), db::sqlLiteral(QStringLiteral("currency"))},
            {QStringLiteral("refunds"), QStringLiteral("NULL")},
            {QStringLiteral("refund_of"), QStringLiteral("NULL")},
            {QStringLiteral("refund_amount"), QStringLiteral("NULL")},
            {QStringLiteral("refund_status"), QStringLiteral("NULL")},
            // A money destination (exec/money_destinations.cpp): literals, or NULL.
            {QStringLiteral("name"), db::sqlLiteral(QStringLiteral("demo-psp"))},
            {QStringLiteral("adapter"), db::sqlLiteral(QStringLiteral("http"))},
            {QStringLiteral("address"), db::sqlLiteral(QStringLiteral("http://127.0.0.1:1"))},
            {QStringLiteral("environment"), db::sqlLiteral(QStringLiteral("demo"))},
            {QStringLiteral("credential"), QStringLiteral("NULL")}};
}

// What models/money fills: the charges' and refunds' columns, and the
// operator's rows naming charges.
Fragments moneyCallSites(const schema::SchemaProfile &p, const detect::ScanOptions &)
{
    const schema::TableMap &charges = p.table(QStringLiteral("charges"));
    const schema::TableMap &refunds = p.table(QStringLiteral("refunds"));
    const auto column = [](const schema::TableMap &t, const char *role) {
        return db::quoteIdent(t.column(QLatin1String(role)));
    };
    Fragments f = {{QStringLiteral("charge_key"), column(charges, "key")},
                   {QStringLiteral("charge_user"), column(charges, "user")},
                   {QStringLiteral("charge_amount"), column(charges, "amount")},
                   {QStringLiteral("charge_currency"), QStringLiteral("'USD'")},
                   {QStringLiteral("charge_reference"), QStringLiteral("NULL::text")},
                   {QStringLiteral("charge_succeeded"), QStringLiteral("true")},
                   {QStringLiteral("refund_amount"), column(refunds, "amount")},
                   {QStringLiteral("refund_charge"), column(refunds, "charge")},
                   {QStringLiteral("refunds"), db::qualifiedTable(p.schema, refunds.table)},
                   {QStringLiteral("charges"), db::qualifiedTable(p.schema, charges.table)},
                   {QStringLiteral("rows"), QStringLiteral("SELECT 1 AS charge")},
                   {QStringLiteral("key"), column(refunds, "key")},
                   {QStringLiteral("table"), db::qualifiedTable(p.schema, refunds.table)},
                   {QStringLiteral("refund_key"), column(refunds, "key")},
                   {QStringLiteral("refund_currency"), QStringLiteral("'USD'")}};
    // A claw-back (money/clawback_planner.cpp): balances and their
    // movements, where the profile maps them.
    const schema::TableMap &balances = p.table(QStringLiteral("balances"));
    const schema::TableMap &movements = p.table(QStringLiteral("balance_movements"));
    if (balances.isMapped() && movements.isMapped())
        f.insert({{QStringLiteral("balance_amount"), column(balances, "amount")},
                  {QStringLiteral("balance_user"), column(balances, "user")},
                  {QStringLiteral("balance_currency"), QStringLiteral("b.currency::text")},
                  {QStringLiteral("balances"), db::qualifiedTable(p.schema, balances.table)},
                  {QStringLiteral("movement_amount"), column(movements, "amount")},
                  {QStringLiteral("movement_user"), column(movements, "user")},
                  {QStringLiteral("movement_time"), column(movements, "time")},
                  {QStringLiteral("movements"), db::qualifiedTable(p.schema, movements.table)},
                  {QStringLiteral("payout_currency"), QStringLiteral("p.currency::text")},
                  {QStringLiteral("rows"), QStringLiteral("SELECT 1 AS payout")}});
    return f;
}

// What models/outreach fills: the accounts' contact columns.
Fragments outreachCallSites(const schema::SchemaProfile &p, const detect::ScanOptions &)
{
    const schema::TableMap &accounts = p.table(QStringLiteral("accounts"));
    return {{QStringLiteral("account_key"), db::quoteIdent(accounts.column(QStringLiteral("key")))},
            {QStringLiteral("name"), QStringLiteral("a.display_name")},
            {QStringLiteral("email"), QStringLiteral("a.email")},
            {QStringLiteral("phone"), QStringLiteral("NULL")},
            {QStringLiteral("accounts"), db::qualifiedTable(p.schema, accounts.table)},
            // payops outreach add: the operator's rows naming users.
            {QStringLiteral("rows"), QStringLiteral("SELECT 1 AS user_id")}};
}

// What models/restore fills: a table, the match of a looked-up row on its
// key columns, the found row's key as text; the sentinel accounts.
Fragments restoreCallSites(const schema::SchemaProfile &p, const detect::ScanOptions &)
{
    const schema::TableMap &charges = p.table(QStringLiteral("charges"));
    const schema::TableMap &accounts = p.table(QStringLiteral("accounts"));
    diff::TableShape shape;
    shape.schema = p.schema;
    shape.table = charges.table;
    shape.key = {charges.column(QStringLiteral("key"))};
    shape.columns = {
        {charges.column(QStringLiteral("key")), QStringLiteral("bigint"), QStringLiteral("N")}};
    const QString key = db::quoteIdent(shape.key.first());
    return {{QStringLiteral("table"), db::qualifiedTable(shape.schema, shape.table)},
            {QStringLiteral("match"), QStringLiteral("t.%1 = k.%1").arg(key)},
            {QStringLiteral("found_key"), diff::keyTextExpression(shape, QStringLiteral("t"))},
            {QStringLiteral("key"), db::quoteIdent(accounts.column(QStringLiteral("key")))},
            {QStringLiteral("accounts"), db::qualifiedTable(p.schema, accounts.table)},
            {QStringLiteral("sentinel"), QStringLiteral("true")}};
}

Fragments fragmentsFor(const QString &folder, const schema::SchemaProfile &p,
                       const detect::ScanOptions &o)
{
    Fragments f = profileFragments(p, o);
    if (folder == u"detect")
        f.insert(detectCallSites(p, o));
    else if (folder == u"ops")
        f.insert(opsCallSites(p, o));
    else if (folder == u"diff")
        f.insert(diffCallSites(p, o));
    else if (folder == u"exec")
        f.insert(execCallSites(p, o));
    else if (folder == u"restore")
        f.insert(restoreCallSites(p, o));
    else if (folder == u"money")
        f.insert(moneyCallSites(p, o));
    else if (folder == u"outreach")
        f.insert(outreachCallSites(p, o));
    return f;
}

// A placeholder in a -- comment renders into the comment: a fragment of
// several lines would then leave SQL outside it.
QStringList placeholdersInComments(const QString &sqlTemplate)
{
    QStringList found;
    for (const QString &line : sqlTemplate.split(QLatin1Char('\n'))) {
        const qsizetype comment = line.indexOf(QStringLiteral("--"));
        if (comment >= 0)
            found << db::sqlPlaceholders(line.mid(comment));
    }
    return found;
}

// A light syntax check of rendered SQL: brackets balance and every quoted
// literal, quoted identifier and block comment ends. Empty when fine.
QString structureProblem(const QString &sql)
{
    int depth = 0;
    enum { Code, Literal, Identifier, LineComment, BlockComment } state = Code;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql[i];
        const QChar next = i + 1 < sql.size() ? sql[i + 1] : QChar();
        switch (state) {
        case Code:
            if (c == u'\'')
                state = Literal;
            else if (c == u'"')
                state = Identifier;
            else if (c == u'-' && next == u'-')
                state = LineComment;
            else if (c == u'/' && next == u'*')
                state = BlockComment;
            else if (c == u'(' || c == u'[')
                ++depth;
            else if ((c == u')' || c == u']') && --depth < 0)
                return QStringLiteral("a closing bracket without an opening one at %1").arg(i);
            break;
        case Literal: // '' inside a literal leaves and re-enters it
            if (c == u'\'')
                state = Code;
            break;
        case Identifier:
            if (c == u'"')
                state = Code;
            break;
        case LineComment:
            if (c == u'\n')
                state = Code;
            break;
        case BlockComment:
            if (c == u'*' && next == u'/') {
                state = Code;
                ++i;
            }
            break;
        }
    }
    if (state == Literal || state == Identifier || state == BlockComment)
        return QStringLiteral("a quote or comment that never ends");
    if (depth != 0)
        return QStringLiteral("%1 brackets never closed").arg(depth);
    return {};
}

struct Case
{
    QString label;
    schema::SchemaProfile profile;
    detect::ScanOptions options;
};

QVector<Case> cases()
{
    detect::ScanOptions window;
    window.since = QDateTime(QDate(2026, 3, 20), QTime(0, 0), QTimeZone::utc());
    window.until = window.since.addDays(1);
    const schema::SchemaProfile demo = schema::SchemaProfile::demo();
    const schema::SchemaProfile shop =
        schema::SchemaProfile::fromJson(test::shopProfileJson(), QStringLiteral("shop.json"));
    return {{QStringLiteral("demo, all history"), demo, {}},
            {QStringLiteral("demo, one day"), demo, window},
            {QStringLiteral("shop, all history"), shop, {}},
            {QStringLiteral("shop, one day"), shop, window}};
}

} // namespace

class TestSqlTemplates : public QObject
{
    Q_OBJECT

private slots:
    void everyFolderIsCompiledIn()
    {
        // The resource glob takes every folder under resources/sql.
        QStringList folders;
        for (const Template &t : shippedTemplates())
            if (!folders.contains(t.folder))
                folders << t.folder;
        QVERIFY2(folders.contains(QStringLiteral("detect")), qPrintable(folders.join(u' ')));
        QVERIFY2(folders.contains(QStringLiteral("ops")), qPrintable(folders.join(u' ')));
        QVERIFY(db::sqlResource(QStringLiteral("detect/orphans")).contains(u"{order_part}"));
        QVERIFY_THROWS_EXCEPTION(UserError, db::sqlResource(QStringLiteral("detect/no_such")));
    }

    void everyTemplateRenders_data()
    {
        QTest::addColumn<QString>("name");
        for (const Template &t : shippedTemplates())
            QTest::newRow(qPrintable(t.name)) << t.name;
    }
    void everyTemplateRenders()
    {
        QFETCH(QString, name);
        const QString text = db::sqlResource(name);
        const QString folder = name.section(QLatin1Char('/'), 0, 0);
        QVERIFY2(!text.isEmpty(), "an empty SQL file");
        const QStringList commented = placeholdersInComments(text);
        QVERIFY2(commented.isEmpty(),
                 qPrintable(QStringLiteral("placeholders in a comment: ") + commented.join(u' ')));
        const QStringList wanted = db::sqlPlaceholders(text);

        // Known: filled for at least one of the profiles. A profile that
        // lacks what a template needs (the shop has no payouts) is one
        // whose detector never runs it.
        const QVector<Case> all = cases();
        QSet<QString> known;
        for (const Case &c : all)
            for (const QString &key : fragmentsFor(folder, c.profile, c.options).keys())
                known.insert(key);
        QStringList unknown;
        for (const QString &placeholder : wanted)
            if (!known.contains(placeholder))
                unknown << QLatin1Char('{') + placeholder + QLatin1Char('}');
        QVERIFY2(unknown.isEmpty(),
                 qPrintable(QStringLiteral("no code fills %1; add its call site's fragment to "
                                           "tests/unit/test_sql_templates.cpp")
                                .arg(unknown.join(u", "))));

        QStringList rendered;
        for (const Case &c : all) {
            const Fragments fragments = fragmentsFor(folder, c.profile, c.options);
            bool applies = true;
            for (const QString &placeholder : wanted)
                applies = applies && fragments.contains(placeholder);
            if (!applies)
                continue;
            const QString sql = db::renderSql(text, fragments);
            const QStringList left = db::sqlPlaceholders(sql);
            QVERIFY2(
                left.isEmpty(),
                qPrintable(QStringLiteral("%1: left unfilled: %2").arg(c.label, left.join(u' '))));
            const QString problem = structureProblem(sql);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(QStringLiteral("%1: %2 in\n%3").arg(c.label, problem, sql)));
            rendered << c.label;
        }
        // The demo maps every table the console knows: every template must
        // render for it, whatever the window.
        QVERIFY2(rendered.contains(QStringLiteral("demo, all history")) &&
                     rendered.contains(QStringLiteral("demo, one day")),
                 qPrintable(QStringLiteral("rendered only for: ") + rendered.join(u"; ")));
        qInfo("%s rendered for %s", qPrintable(name), qPrintable(rendered.join(u"; ")));
    }

    void theCheckItselfCatchesMistakes()
    {
        QCOMPARE(db::sqlPlaceholders(QStringLiteral("SELECT {a}, {b} FROM {a} WHERE '{}'")),
                 QStringList({QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(placeholdersInComments(QStringLiteral("-- uses {rows}\nSELECT {rows}")),
                 QStringList{QStringLiteral("rows")});
        QVERIFY(structureProblem(QStringLiteral("SELECT 'it''s (' FROM \"t(\" -- )\n")).isEmpty());
        QVERIFY(!structureProblem(QStringLiteral("SELECT (1")).isEmpty());
        QVERIFY(!structureProblem(QStringLiteral("SELECT 'open")).isEmpty());
        QVERIFY(!structureProblem(QStringLiteral("SELECT 1)")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSqlTemplates)
#include "test_sql_templates.moc"
