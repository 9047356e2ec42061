#include "schema/schema_profile.h"

#include "core/user_error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace payops::schema {

namespace {

struct RoleSpec
{
    const char *role;
    const char *typeClass;
    bool required;
};

struct EntitySpec
{
    const char *entity;
    bool required;
    bool hasCurrency; // currency column or fixed_currency required
    std::vector<RoleSpec> roles;
    std::vector<std::pair<const char *, const char *>> valueLists; // list -> column role it reads
};

// What each concept needs. Kept in one table so that parsing, the catalog
// check and docs/PROFILES.md agree.
const std::vector<EntitySpec> &entitySpecs()
{
    static const std::vector<EntitySpec> specs = {
        {"accounts",
         true,
         false,
         {{"key", "any", true},
          {"status", "any", false},
          {"closed_at", "time", false},
          {"soft_delete", "time", false},
          {"sentinel_flag", "flag", false},
          {"email", "text", false},
          {"phone", "text", false},
          {"name", "text", false}},
         {{"closed_values", "status"}}},
        // An order's or invoice's own total says when it is paid in full
        // (instalments add up to it; a duplicate goes beyond it).
        {"orders", false, false, {{"key", "any", true}, {"total", "integer", false}}, {}},
        {"charges",
         true,
         true,
         {{"key", "any", true},
          {"user", "any", true},
          {"amount", "integer", true},
          {"time", "time", true},
          {"order", "any", false},
          // A polymorphic link: order holds an order's key only on rows
          // whose order_type is one of order_type_values.
          {"order_type", "any", false},
          {"status", "any", false},
          {"settled_at", "time", false},
          {"provider_reference", "any", false}},
         {{"succeeded_values", "status"}, {"order_type_values", "order_type"}}},
        {"refunds",
         false,
         true,
         {{"key", "any", true},
          {"charge", "any", true},
          {"amount", "integer", true},
          {"time", "time", true},
          {"source", "text", false}},
         {{"production_values", "source"}}},
        {"payouts",
         false,
         true,
         {{"key", "any", true},
          {"user", "any", true},
          {"amount", "integer", true},
          {"time", "time", true},
          {"reference", "any", true},
          {"status", "any", false}},
         {{"succeeded_values", "status"}}},
        {"subscriptions",
         false,
         false,
         {{"key", "any", true},
          {"user", "any", true},
          {"time", "time", true},
          {"amount", "integer", false}},
         {}},
        // What a user holds now (an investor's balance): what a claw-back
        // can still take back.
        {"balances",
         false,
         true,
         {{"user", "any", true}, {"amount", "integer", true}, {"time", "time", false}},
         {}},
        // The entries that move a balance; a claw-back is written as one,
        // its kind the first of clawback_values.
        {"balance_movements",
         false,
         false,
         {{"key", "any", true},
          {"user", "any", true},
          {"amount", "integer", true},
          {"time", "time", true},
          {"kind", "text", false}},
         {{"clawback_values", "kind"}}},
    };
    return specs;
}

const QStringList kCurrencyCodes = {QStringLiteral("currency"), QStringLiteral("fixed_currency")};

// Collects every problem of one profile, with where it is.
class Reader
{
public:
    QStringList problems;

    QString name(const QJsonObject &object, const QString &key, const QString &where, bool required)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                problems << QStringLiteral("%1 lacks \"%2\"").arg(where, key);
            return {};
        }
        if (!value.isString()) {
            problems << QStringLiteral("%1.%2 must be a name in quotes, not %3")
                            .arg(where, key, typeName(value));
            return {};
        }
        const QString text = value.toString();
        if (text.isEmpty() || text.contains(QChar(0)) || text.toUtf8().size() > 63 ||
            text.contains(QRegularExpression(QStringLiteral("[\\x00-\\x1f]"))))
            problems << QStringLiteral("%1.%2 \"%3\" cannot be a PostgreSQL name (empty, control "
                                       "characters or over 63 bytes)")
                            .arg(where, key, text.left(70));
        return text;
    }

    // A list of strings; with `codes`, whole numbers too (a status list in
    // an integer column's own type: [2, 3]), kept as their decimal text.
    QStringList strings(const QJsonObject &object, const QString &key, const QString &where,
                        bool required, bool codes = false)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                problems << QStringLiteral("%1 lacks \"%2\"").arg(where, key);
            return {};
        }
        if (!value.isArray()) {
            problems << QStringLiteral("%1.%2 must be a list of strings, not %3")
                            .arg(where, key, typeName(value));
            return {};
        }
        QStringList out;
        for (const QJsonValue &item : value.toArray()) {
            if (codes && item.isDouble() && item.toDouble() == std::floor(item.toDouble())) {
                out << QString::number(qint64(item.toDouble()));
                continue;
            }
            if (!item.isString()) {
                problems << (codes ? QStringLiteral("%1.%2 must hold only strings or whole "
                                                    "numbers (the column's own values)")
                                   : QStringLiteral("%1.%2 must hold only strings"))
                                .arg(where, key);
                return {};
            }
            out << item.toString();
        }
        if (out.isEmpty() && required)
            problems << QStringLiteral("%1.%2 is empty").arg(where, key);
        return out;
    }

    void unknownKeys(const QJsonObject &object, const QStringList &known, const QString &where)
    {
        for (const QString &key : object.keys())
            if (!known.contains(key) && !key.startsWith(QLatin1Char('_'))) // "_" keys are comments
                problems << QStringLiteral("%1 has an unknown key \"%2\" (known: %3)")
                                .arg(where, key, known.join(QStringLiteral(", ")));
    }

    QJsonObject object(const QJsonValue &value, const QString &where)
    {
        if (!value.isObject()) {
            problems << QStringLiteral("%1 must be an object, not %2").arg(where, typeName(value));
            return {};
        }
        return value.toObject();
    }

    static QString typeName(const QJsonValue &value)
    {
        switch (value.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return QStringLiteral("true/false");
        case QJsonValue::Double:
            return QStringLiteral("a number");
        case QJsonValue::String:
            return QStringLiteral("a string");
        case QJsonValue::Array:
            return QStringLiteral("a list");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        default:
            return QStringLiteral("nothing");
        }
    }

    void currency(const QJsonObject &object, const QString &where, QString &column, QString &fixed,
                  bool required)
    {
        column = name(object, QStringLiteral("currency"), where, false);
        const QJsonValue fixedValue = object.value(QStringLiteral("fixed_currency"));
        if (!fixedValue.isUndefined()) {
            fixed = fixedValue.toString();
            if (!QRegularExpression(QStringLiteral("^[A-Z]{3}$")).match(fixed).hasMatch())
                problems << QStringLiteral("%1.fixed_currency must be an ISO 4217 code such as "
                                           "\"EUR\"")
                                .arg(where);
        }
        if (!column.isEmpty() && !fixed.isEmpty())
            problems << QStringLiteral("%1 has both \"currency\" and \"fixed_currency\"; keep one")
                            .arg(where);
        if (required && column.isEmpty() && fixed.isEmpty())
            problems << QStringLiteral("%1 lacks \"currency\" (a column) or \"fixed_currency\" (a "
                                       "code)")
                            .arg(where);
    }
};

TableMap readTable(Reader &reader, const EntitySpec &spec, const QJsonObject &object)
{
    const QString where = QStringLiteral("tables.") + QLatin1String(spec.entity);
    TableMap map;
    QStringList known = {QStringLiteral("table")};
    map.table = reader.name(object, QStringLiteral("table"), where, true);
    for (const RoleSpec &role : spec.roles) {
        known << QLatin1String(role.role);
        const QString column = reader.name(object, QLatin1String(role.role), where, role.required);
        if (!column.isEmpty())
            map.columns.insert(QLatin1String(role.role), column);
    }
    for (const auto &[list, role] : spec.valueLists) {
        known << QLatin1String(list);
        const QStringList values = reader.strings(object, QLatin1String(list), where, false, true);
        if (!values.isEmpty() && !map.has(QLatin1String(role)))
            reader.problems << QStringLiteral("%1.%2 needs \"%3\", the column it describes")
                                   .arg(where, QLatin1String(list), QLatin1String(role));
        if (map.has(QLatin1String(role)) && values.isEmpty())
            reader.problems << QStringLiteral(
                                   "%1 maps \"%2\" but not \"%3\", the values that count")
                                   .arg(where, QLatin1String(role), QLatin1String(list));
        if (!values.isEmpty())
            map.values.insert(QLatin1String(list), values);
    }
    if (spec.hasCurrency) {
        known << kCurrencyCodes;
        QString column;
        reader.currency(object, where, column, map.fixedCurrency, true);
        if (!column.isEmpty())
            map.columns.insert(QStringLiteral("currency"), column);
    } else if (QLatin1String(spec.entity) == u"accounts" ||
               QLatin1String(spec.entity) == u"subscriptions") {
        known << QStringLiteral("currency");
        const QString column = reader.name(object, QStringLiteral("currency"), where, false);
        if (!column.isEmpty())
            map.columns.insert(QStringLiteral("currency"), column);
    }
    reader.unknownKeys(object, known, where);
    return map;
}

Stream readStream(Reader &reader, const QJsonObject &object, int index)
{
    const QString where = QStringLiteral("streams[%1]").arg(index);
    Stream s;
    s.name = object.value(QStringLiteral("name")).toString();
    if (s.name.isEmpty())
        reader.problems << where + QStringLiteral(" lacks a \"name\"");
    s.table = reader.name(object, QStringLiteral("table"), where, true);
    s.time = reader.name(object, QStringLiteral("time"), where, true);
    s.key = reader.name(object, QStringLiteral("key"), where, true);
    s.user = reader.name(object, QStringLiteral("user"), where, false);
    s.amount = reader.name(object, QStringLiteral("amount"), where, false);
    reader.currency(object, where, s.currency, s.fixedCurrency, !s.amount.isEmpty());
    if (object.contains(QStringLiteral("where"))) {
        const QJsonObject filter =
            reader.object(object.value(QStringLiteral("where")), where + QStringLiteral(".where"));
        s.whereColumn =
            reader.name(filter, QStringLiteral("column"), where + QStringLiteral(".where"), true);
        s.whereValues = reader.strings(filter, QStringLiteral("values"),
                                       where + QStringLiteral(".where"), true, true);
        reader.unknownKeys(filter, {QStringLiteral("column"), QStringLiteral("values")},
                           where + QStringLiteral(".where"));
    }
    const QStringList dimensions =
        reader.strings(object, QStringLiteral("dimensions"), where, false);
    for (const QString &d : dimensions) {
        QJsonObject holder{{QStringLiteral("dimension"), d}};
        s.dimensions << reader.name(holder, QStringLiteral("dimension"), where, true);
    }
    const QStringList detect = reader.strings(object, QStringLiteral("detect"), where, false);
    if (!detect.isEmpty()) {
        s.burst = detect.contains(QStringLiteral("burst"));
        s.leak = detect.contains(QStringLiteral("leak"));
        s.silence = detect.contains(QStringLiteral("silence"));
        for (const QString &d : detect)
            if (d != u"burst" && d != u"leak" && d != u"silence")
                reader.problems << QStringLiteral(
                                       "%1.detect has \"%2\"; use burst, leak or silence")
                                       .arg(where, d);
    }
    s.silencePer = reader.name(object, QStringLiteral("silence_per"), where, false);
    if (object.contains(QStringLiteral("effect"))) {
        s.effect = object.value(QStringLiteral("effect")).toString();
        if (s.effect != u"creates" && s.effect != u"money_out" && s.effect != u"destroys")
            reader.problems << QStringLiteral("%1.effect is \"%2\"; use creates, money_out or "
                                              "destroys")
                                   .arg(where, object.value(QStringLiteral("effect")).toString());
    }
    reader.unknownKeys(object,
                       {QStringLiteral("name"), QStringLiteral("table"), QStringLiteral("time"),
                        QStringLiteral("key"), QStringLiteral("user"), QStringLiteral("amount"),
                        QStringLiteral("currency"), QStringLiteral("fixed_currency"),
                        QStringLiteral("where"), QStringLiteral("dimensions"),
                        QStringLiteral("detect"), QStringLiteral("silence_per"),
                        QStringLiteral("effect")},
                       where);
    return s;
}

// The fields every column check has; `extraKeys` are the caller's own.
ColumnCheck readColumnCheck(Reader &reader, const QJsonObject &object, const QString &where,
                            const QStringList &extraKeys)
{
    ColumnCheck c;
    c.name = object.value(QStringLiteral("name")).toString();
    if (c.name.isEmpty())
        reader.problems << where + QStringLiteral(" lacks a \"name\"");
    c.table = reader.name(object, QStringLiteral("table"), where, true);
    c.key = reader.name(object, QStringLiteral("key"), where, true);
    c.user = reader.name(object, QStringLiteral("user"), where, false);
    c.time = reader.name(object, QStringLiteral("time"), where, true);
    c.column = reader.name(object, QStringLiteral("column"), where, true);
    reader.unknownKeys(object,
                       QStringList{QStringLiteral("name"), QStringLiteral("table"),
                                   QStringLiteral("key"), QStringLiteral("user"),
                                   QStringLiteral("time"), QStringLiteral("column")} +
                           extraKeys,
                       where);
    return c;
}

ValueCheck readValueCheck(Reader &reader, const QJsonObject &object, int index)
{
    const QString where = QStringLiteral("value_checks[%1]").arg(index);
    ValueCheck c;
    static_cast<ColumnCheck &>(c) =
        readColumnCheck(reader, object, where, {QStringLiteral("known_in")});
    const QString knownWhere = where + QStringLiteral(".known_in");
    const QJsonObject known = reader.object(object.value(QStringLiteral("known_in")), knownWhere);
    c.knownTable = reader.name(known, QStringLiteral("table"), knownWhere, true);
    c.knownColumn = reader.name(known, QStringLiteral("column"), knownWhere, true);
    return c;
}

ShareCheck readShareCheck(Reader &reader, const QJsonObject &object, int index)
{
    ShareCheck c;
    static_cast<ColumnCheck &>(c) =
        readColumnCheck(reader, object, QStringLiteral("share_checks[%1]").arg(index), {});
    return c;
}

void readThresholds(Reader &reader, const QJsonObject &object, Thresholds &t)
{
    const std::vector<std::pair<const char *, double *>> reals = {
        {"burst_sigmas", &t.burstSigmas},
        {"burst_min_ratio", &t.burstMinRatio},
        {"burst_min_events", &t.burstMinEvents},
        {"explain_share", &t.explainShare},
        {"leak_slack_sigmas", &t.leakSlackSigmas},
        {"leak_alarm_sigmas", &t.leakAlarmSigmas},
        {"leak_high_events", &t.leakHighEvents},
        {"share_jump_points", &t.shareJumpPoints},
        {"share_jump_ratio", &t.shareJumpRatio},
        {"share_min_rows", &t.shareMinRows},
        {"high_outflow_ratio", &t.highOutflowRatio},
    };
    const std::vector<std::pair<const char *, int *>> ints = {
        {"baseline_days", &t.baselineDays},
        {"burst_merge_hours", &t.burstMergeHours},
        {"min_history_days", &t.minHistoryDays},
        {"silence_min_missed", &t.silenceMinMissed},
        {"duplicate_window_days", &t.duplicateWindowDays},
    };
    QStringList known;
    for (const auto &[key, target] : reals) {
        known << QLatin1String(key);
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        if (!value.isDouble() || value.toDouble() < 0)
            reader.problems << QStringLiteral("thresholds.%1 must be a number of zero or more")
                                   .arg(QLatin1String(key));
        else
            *target = value.toDouble();
    }
    for (const auto &[key, target] : ints) {
        known << QLatin1String(key);
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        if (!value.isDouble() || value.toDouble() < 1 || value.toDouble() > 366 ||
            value.toDouble() != double(int(value.toDouble())))
            reader.problems << QStringLiteral("thresholds.%1 must be a whole number of days "
                                              "from 1 to 366")
                                   .arg(QLatin1String(key));
        else
            *target = value.toInt();
    }
    reader.unknownKeys(object, known, QStringLiteral("thresholds"));
}

} // namespace

const TableMap &SchemaProfile::table(const QString &entity) const
{
    static const TableMap none;
    const auto it = tables.constFind(entity);
    return it == tables.cend() ? none : it.value();
}

SchemaProfile SchemaProfile::fromJson(const QByteArray &json, const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw UserError(QStringLiteral("The schema profile %1 is not valid JSON (%2 at byte %3).")
                            .arg(source, parseError.errorString())
                            .arg(parseError.offset),
                        QStringLiteral("Fix the file; `payops profile draft` writes a valid one "
                                       "to start from."));
    if (!document.isObject())
        throw UserError(QStringLiteral("The schema profile %1 is not a JSON object.").arg(source),
                        QStringLiteral("See docs/PROFILES.md for the format."));

    Reader reader;
    const QJsonObject root = document.object();
    SchemaProfile profile;
    profile.source = source;
    if (root.value(QStringLiteral("format")).toInt() != 1)
        reader.problems << QStringLiteral("\"format\" must be 1");
    profile.name = root.value(QStringLiteral("name")).toString();
    if (profile.name.isEmpty())
        reader.problems << QStringLiteral("it lacks a \"name\"");
    if (root.contains(QStringLiteral("schema")))
        profile.schema =
            reader.name(root, QStringLiteral("schema"), QStringLiteral("profile"), true);

    const QJsonObject tables =
        reader.object(root.value(QStringLiteral("tables")), QStringLiteral("tables"));
    QStringList knownEntities;
    for (const EntitySpec &spec : entitySpecs()) {
        knownEntities << QLatin1String(spec.entity);
        const QJsonValue value = tables.value(QLatin1String(spec.entity));
        if (value.isUndefined()) {
            if (spec.required)
                reader.problems
                    << QStringLiteral("tables lacks \"%1\"").arg(QLatin1String(spec.entity));
            continue;
        }
        const QJsonObject object =
            reader.object(value, QStringLiteral("tables.") + QLatin1String(spec.entity));
        profile.tables.insert(QLatin1String(spec.entity), readTable(reader, spec, object));
    }
    reader.unknownKeys(tables, knownEntities, QStringLiteral("tables"));

    const QJsonArray streams = root.value(QStringLiteral("streams")).toArray();
    for (int i = 0; i < streams.size(); ++i)
        profile.streams << readStream(
            reader, reader.object(streams[i], QStringLiteral("streams[%1]").arg(i)), i);
    // A stream on the refunds or payouts table takes money out unless the
    // profile says otherwise; any other stream creates. Deletions must be
    // named ("effect": "destroys"): a table's name is no proof of it.
    for (Stream &s : profile.streams) {
        if (!s.effect.isEmpty())
            continue;
        const bool moneyOut = s.table == profile.table(QStringLiteral("refunds")).table ||
                              s.table == profile.table(QStringLiteral("payouts")).table;
        s.effect = moneyOut ? QStringLiteral("money_out") : QStringLiteral("creates");
    }
    const QJsonArray checks = root.value(QStringLiteral("value_checks")).toArray();
    for (int i = 0; i < checks.size(); ++i)
        profile.valueChecks << readValueCheck(
            reader, reader.object(checks[i], QStringLiteral("value_checks[%1]").arg(i)), i);
    const QJsonArray shares = root.value(QStringLiteral("share_checks")).toArray();
    for (int i = 0; i < shares.size(); ++i)
        profile.shareChecks << readShareCheck(
            reader, reader.object(shares[i], QStringLiteral("share_checks[%1]").arg(i)), i);
    if (root.contains(QStringLiteral("thresholds")))
        readThresholds(
            reader,
            reader.object(root.value(QStringLiteral("thresholds")), QStringLiteral("thresholds")),
            profile.thresholds);
    reader.unknownKeys(root,
                       {QStringLiteral("format"), QStringLiteral("name"),
                        QStringLiteral("description"), QStringLiteral("schema"),
                        QStringLiteral("tables"), QStringLiteral("streams"),
                        QStringLiteral("value_checks"), QStringLiteral("share_checks"),
                        QStringLiteral("thresholds")},
                       QStringLiteral("profile"));

    if (!reader.problems.isEmpty())
        throw UserError(QStringLiteral("The schema profile %1 has %2 problem%3: %4.")
                            .arg(source)
                            .arg(reader.problems.size())
                            .arg(reader.problems.size() == 1 ? QString() : QStringLiteral("s"))
                            .arg(reader.problems.join(QStringLiteral("; "))),
                        QStringLiteral("Fix the profile (docs/PROFILES.md describes every key); "
                                       "nothing was run."));
    return profile;
}

SchemaProfile SchemaProfile::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(
            QStringLiteral("Cannot read the schema profile %1 (%2).").arg(path, file.errorString()),
            QStringLiteral("Check the path, or write one with `payops profile draft`."));
    return fromJson(file.readAll(), path);
}

SchemaProfile SchemaProfile::demo()
{
    return fromFile(QStringLiteral(":/profiles/demo.json"));
}

QVector<SchemaProfile::ColumnNeed> SchemaProfile::columnNeeds() const
{
    QVector<ColumnNeed> needs;
    for (const EntitySpec &spec : entitySpecs()) {
        const TableMap &map = table(QLatin1String(spec.entity));
        if (!map.isMapped())
            continue;
        const QString entity = QLatin1String(spec.entity);
        for (const RoleSpec &role : spec.roles)
            if (map.has(QLatin1String(role.role)))
                needs.append({map.table, map.column(QLatin1String(role.role)),
                              QLatin1String(role.typeClass),
                              entity + QLatin1Char('.') + QLatin1String(role.role)});
        if (map.has(QStringLiteral("currency")))
            needs.append({map.table, map.column(QStringLiteral("currency")), QStringLiteral("text"),
                          entity + QStringLiteral(".currency")});
    }
    for (const Stream &s : streams) {
        const QString use = QStringLiteral("stream \"%1\"").arg(s.name);
        needs.append({s.table, s.time, QStringLiteral("time"), use + QStringLiteral(" time")});
        needs.append({s.table, s.key, QStringLiteral("any"), use + QStringLiteral(" key")});
        if (!s.user.isEmpty())
            needs.append({s.table, s.user, QStringLiteral("any"), use + QStringLiteral(" user")});
        if (!s.amount.isEmpty())
            needs.append(
                {s.table, s.amount, QStringLiteral("integer"), use + QStringLiteral(" amount")});
        if (!s.currency.isEmpty())
            needs.append(
                {s.table, s.currency, QStringLiteral("text"), use + QStringLiteral(" currency")});
        if (!s.whereColumn.isEmpty())
            needs.append(
                {s.table, s.whereColumn, QStringLiteral("any"), use + QStringLiteral(" where")});
        for (const QString &d : s.dimensions)
            needs.append({s.table, d, QStringLiteral("any"), use + QStringLiteral(" dimension")});
        if (!s.silencePer.isEmpty())
            needs.append({s.table, s.silencePer, QStringLiteral("any"),
                          use + QStringLiteral(" silence_per")});
    }
    QVector<std::pair<const ColumnCheck *, QString>> checks;
    for (const ShareCheck &c : shareChecks)
        checks.append({&c, QStringLiteral("share check")});
    for (const ValueCheck &c : valueChecks) {
        checks.append({&c, QStringLiteral("value check")});
        needs.append({c.knownTable, c.knownColumn, QStringLiteral("any"),
                      QStringLiteral("value check \"%1\" known_in").arg(c.name)});
    }
    for (const auto &[c, kind] : checks) {
        const QString use = QStringLiteral("%1 \"%2\"").arg(kind, c->name);
        needs.append({c->table, c->key, QStringLiteral("any"), use + QStringLiteral(" key")});
        needs.append({c->table, c->time, QStringLiteral("time"), use + QStringLiteral(" time")});
        needs.append({c->table, c->column, QStringLiteral("any"), use + QStringLiteral(" column")});
        if (!c->user.isEmpty())
            needs.append({c->table, c->user, QStringLiteral("any"), use + QStringLiteral(" user")});
    }
    return needs;
}

} // namespace payops::schema
