#include "schema/profile_draft.h"

#include "core/result_table.h"
#include "db/session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace payops::schema {

namespace {

struct Column
{
    QString name;
    QString type;
    QString category;
    bool primaryKey = false;
    QString references; // table this column's foreign key points at
};

struct Table
{
    QString name;
    QVector<Column> columns;
    int referencedBy = 0;
    double rows = 0; // estimated: the planner's count, else the statistics' live rows
};

bool isInteger(const Column &c)
{
    return c.type == u"bigint" || c.type == u"integer" || c.type == u"smallint";
}
bool isTime(const Column &c)
{
    return c.category == u"D";
}
bool isText(const Column &c)
{
    return c.category == u"S" || c.category == u"E";
}

// The first column whose name matches, among those that pass the test.
QString pick(const Table &table, const QString &pattern, bool (*fits)(const Column &) = nullptr)
{
    const QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption);
    for (const Column &c : table.columns)
        if (re.match(c.name).hasMatch() && (!fits || fits(c)))
            return c.name;
    return {};
}

// The first match of the first pattern that matches anything: the
// patterns go from the most telling to the least.
QString pickFirst(const Table &table, const QStringList &patterns, bool (*fits)(const Column &))
{
    for (const QString &pattern : patterns)
        if (const QString column = pick(table, pattern, fits); !column.isEmpty())
            return column;
    return {};
}

QString primaryKey(const Table &table)
{
    for (const Column &c : table.columns)
        if (c.primaryKey)
            return c.name;
    return {};
}

// The table whose name matches with the most rows: an empty table of a
// matching name (a legacy "customer" beside "customers") never wins over a
// populated one.
const Table *findTable(const QVector<Table> &tables, const QString &pattern)
{
    const QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption);
    const Table *best = nullptr;
    for (const Table &t : tables)
        if (re.match(t.name).hasMatch() && (!best || t.rows > best->rows))
            best = &t;
    return best;
}

QString userColumn(const Table &table, const QString &accounts)
{
    for (const Column &c : table.columns)
        if (!accounts.isEmpty() && c.references == accounts)
            return c.name;
    return pick(table, QStringLiteral("^(account|customer|user|client|member)(_?(id|no|key))?$"));
}

void putIf(QJsonObject &object, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

} // namespace

QByteArray draftProfile(db::Session &session, const QString &schema)
{
    const ResultTable rows = session.query(
        QStringLiteral(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory,\n"
            "       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = "
            "'p'\n"
            "               AND a.attnum = ANY (k.conkey)) AS pk,\n"
            "       (SELECT f.relname FROM pg_constraint k JOIN pg_class f ON f.oid = k.confrelid\n"
            "        WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.conkey = ARRAY[a.attnum]\n"
            "        LIMIT 1) AS refs,\n"
            "       greatest(c.reltuples, coalesce(pg_stat_get_live_tuples(c.oid), 0)) AS rows\n"
            "FROM pg_class c\n"
            "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped\n"
            "JOIN pg_type t ON t.oid = a.atttypid\n"
            "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')\n"
            "ORDER BY c.relname, a.attnum"),
        {schema});
    QVector<Table> tables;
    for (const auto &row : rows.rows) {
        if (tables.isEmpty() || tables.last().name != row[0])
            tables.append(Table{row[0], {}, 0, row[6].toDouble()});
        tables.last().columns.append({row[1], row[2], row[3], row[4] == u"t", row[5]});
    }
    for (Table &t : tables)
        for (const Table &other : tables)
            for (const Column &c : other.columns)
                if (c.references == t.name)
                    ++t.referencedBy;

    QJsonArray todo;
    QJsonObject mapped;
    const Table *accounts =
        findTable(tables, QStringLiteral("^(accounts?|customers?|users?|clients?|members?)$"));
    if (!accounts)
        for (const Table &t : tables)
            if (!accounts || t.referencedBy > accounts->referencedBy)
                accounts = &t;
    const QString accountsName = accounts ? accounts->name : QString();

    auto entity = [&](const QString &key, const Table *table, auto fill) {
        if (!table) {
            todo.append(QStringLiteral("No table looked like %1; map it by hand or leave it out.")
                            .arg(key));
            return;
        }
        QJsonObject object{{QStringLiteral("table"), table->name}};
        putIf(object, QStringLiteral("key"), primaryKey(*table));
        fill(*table, object);
        mapped.insert(key, object);
    };
    entity(QStringLiteral("accounts"), accounts, [&](const Table &t, QJsonObject &o) {
        const QString status = pick(t, QStringLiteral("^(status|state)$"), isText);
        putIf(o, QStringLiteral("status"), status);
        if (!status.isEmpty()) {
            o.insert(QStringLiteral("closed_values"),
                     QJsonArray{QStringLiteral("TODO closed status values")});
            todo.append(
                QStringLiteral("accounts.closed_values: list the %1 values that mean closed.")
                    .arg(status));
        }
        putIf(o, QStringLiteral("closed_at"),
              pick(t, QStringLiteral("(closed|cancell?ed|disabled)_?(at|on|time)"), isTime));
        putIf(o, QStringLiteral("soft_delete"),
              pick(t, QStringLiteral("(deleted|removed|archived)_?(at|on|time)"), isTime));
        putIf(o, QStringLiteral("sentinel_flag"), pick(t, QStringLiteral("sentinel")));
        putIf(o, QStringLiteral("email"), pick(t, QStringLiteral("e?mail"), isText));
        putIf(o, QStringLiteral("name"), pick(t, QStringLiteral("name"), isText));
        putIf(o, QStringLiteral("currency"), pick(t, QStringLiteral("^currency"), isText));
    });
    entity(QStringLiteral("orders"), findTable(tables, QStringLiteral("^orders?$")),
           [](const Table &, QJsonObject &) {});
    auto money = [&](const QString &entityName, const Table &t, QJsonObject &o) {
        const QString amount = pick(t, QStringLiteral("(amount|cents|minor|total|sum)"), isInteger);
        putIf(o, QStringLiteral("amount"), amount);
        if (amount.isEmpty())
            todo.append(
                QStringLiteral(
                    "%1.amount: no integer amount column in %2; money must be in minor units.")
                    .arg(entityName, t.name));
        const QString currency = pick(t, QStringLiteral("^currency"), isText);
        if (currency.isEmpty()) {
            o.insert(QStringLiteral("fixed_currency"), QStringLiteral("USD"));
            todo.append(QStringLiteral(
                            "%1.fixed_currency: %2 has no currency column; set its one currency.")
                            .arg(entityName, t.name));
        } else {
            o.insert(QStringLiteral("currency"), currency);
        }
        putIf(o, QStringLiteral("time"),
              pick(t, QStringLiteral("(created|charged|paid|issued|at$|time|date)"), isTime));
    };
    entity(
        QStringLiteral("charges"),
        findTable(tables, QStringLiteral("^(payments?|charges?|transactions?)$")),
        [&](const Table &t, QJsonObject &o) {
            putIf(o, QStringLiteral("user"), userColumn(t, accountsName));
            putIf(o, QStringLiteral("order"), pick(t, QStringLiteral("^order_?(id|no)?$")));
            money(QStringLiteral("charges"), t, o);
            const QString status = pick(t, QStringLiteral("^(status|state|outcome)$"), isText);
            if (!status.isEmpty()) {
                o.insert(QStringLiteral("status"), status);
                o.insert(QStringLiteral("succeeded_values"),
                         QJsonArray{QStringLiteral("succeeded")});
                todo.append(
                    QStringLiteral(
                        "charges.succeeded_values: list the %1 values of a charge that took money.")
                        .arg(status));
            }
            putIf(o, QStringLiteral("settled_at"), pick(t, QStringLiteral("settled"), isTime));
        });
    entity(QStringLiteral("refunds"), findTable(tables, QStringLiteral("refund")),
           [&](const Table &t, QJsonObject &o) {
               putIf(o, QStringLiteral("charge"),
                     pick(t, QStringLiteral("^(payment|charge|transaction)_?(id|no|ref)?$")));
               money(QStringLiteral("refunds"), t, o);
               const QString source =
                   pickFirst(t, {QStringLiteral("env"), QStringLiteral("(source|origin)")}, isText);
               if (!source.isEmpty()) {
                   o.insert(QStringLiteral("source"), source);
                   o.insert(QStringLiteral("production_values"),
                            QJsonArray{QStringLiteral("production")});
                   todo.append(QStringLiteral(
                                   "refunds.production_values: list the %1 values of production.")
                                   .arg(source));
               }
           });
    entity(QStringLiteral("payouts"),
           findTable(tables, QStringLiteral("(payout|withdrawal|transfer)")),
           [&](const Table &t, QJsonObject &o) {
               putIf(o, QStringLiteral("user"), userColumn(t, accountsName));
               money(QStringLiteral("payouts"), t, o);
               putIf(o, QStringLiteral("reference"),
                     pick(t, QStringLiteral("(period|reference|ref)")));
               todo.append(QStringLiteral("payouts.reference: the column two payouts share when "
                                          "one is paid twice (a period, an invoice)."));
           });
    entity(QStringLiteral("subscriptions"), findTable(tables, QStringLiteral("subscription")),
           [&](const Table &t, QJsonObject &o) {
               putIf(o, QStringLiteral("user"), userColumn(t, accountsName));
               putIf(o, QStringLiteral("time"),
                     pick(t, QStringLiteral("(created|started)"), isTime));
           });

    // One creation stream per mapped table with a time column, as a start.
    QJsonArray streams;
    for (const QString &key : mapped.keys()) {
        const QJsonObject o = mapped.value(key).toObject();
        if (!o.contains(QStringLiteral("time")))
            continue;
        QJsonObject stream{{QStringLiteral("name"), key},
                           {QStringLiteral("table"), o.value(QStringLiteral("table"))},
                           {QStringLiteral("time"), o.value(QStringLiteral("time"))},
                           {QStringLiteral("key"), o.value(QStringLiteral("key"))}};
        for (const QString &field : {QStringLiteral("user"), QStringLiteral("amount"),
                                     QStringLiteral("currency"), QStringLiteral("fixed_currency")})
            if (o.contains(field))
                stream.insert(field, o.value(field));
        streams.append(stream);
    }
    todo.append(QStringLiteral("streams: add the columns that explain an anomaly as \"dimensions\" "
                               "(source, job, environment, service), deletion and status-change "
                               "streams from history tables, and expected daily reports with "
                               "\"detect\": [\"silence\"]."));
    todo.append(QStringLiteral(
        "Check every guess against the data, then run `payops scan --schema-profile FILE`: "
        "it names anything that does not fit the database."));
    const QJsonObject root{
        {QStringLiteral("format"), 1},
        {QStringLiteral("name"), QStringLiteral("Draft profile of schema %1").arg(schema)},
        {QStringLiteral("schema"), schema},
        {QStringLiteral("_todo"), todo},
        {QStringLiteral("tables"), mapped},
        {QStringLiteral("streams"), streams}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace payops::schema
