#include "detect/incidents.h"

#include "core/wording.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/finding_rows.h"

#include <algorithm>
#include <numeric>

namespace payops::detect {

namespace {

// Rows a repair acts on: money taken, given back or paid out.
const QStringList kMoneyEntities = {QStringLiteral("charges"), QStringLiteral("refunds"),
                                    QStringLiteral("payouts")};

// Rows of one incident arrive around the same time: windows an hour apart
// still meet.
constexpr qint64 kSlackSeconds = 3600;

constexpr qsizetype kFewestSharedUsers = 3;

bool windowsOverlap(const Finding &a, const Finding &b)
{
    // A finding without a window (a whole-history check) overlaps any.
    if (!a.windowStart.isValid() || !b.windowStart.isValid())
        return true;
    return a.windowStart.addSecs(-kSlackSeconds) <= b.windowEnd &&
           b.windowStart.addSecs(-kSlackSeconds) <= a.windowEnd;
}

bool linked(const Finding &a, const QSet<QString> &usersA, const Finding &b,
            const QSet<QString> &usersB)
{
    if (usersA.isEmpty() || usersB.isEmpty() || !windowsOverlap(a, b))
        return false;
    const QSet<QString> &smaller = usersA.size() <= usersB.size() ? usersA : usersB;
    const QSet<QString> &larger = usersA.size() <= usersB.size() ? usersB : usersA;
    qsizetype shared = 0;
    for (const QString &user : smaller)
        shared += larger.contains(user) ? 1 : 0;
    // A few users in common is a coincidence (the sentinel account that
    // holds orphaned payments also buys subscriptions), not one incident.
    return shared >= kFewestSharedUsers && shared * 2 >= smaller.size();
}

int findRoot(QVector<int> &parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

// The profile entity (charges, refunds, payouts) whose table the finding's
// rows are read from first, or empty: the rows SQL names its tables as
// "FROM <table> AS <alias>".
QString moneyEntityOf(const Finding &f, const schema::SchemaProfile &profile)
{
    qsizetype first = -1;
    QString entity;
    for (const QString &name : kMoneyEntities) {
        const schema::TableMap &t = profile.table(name);
        if (!t.isMapped())
            continue;
        const qsizetype at =
            f.rowsSql.indexOf(QStringLiteral("FROM ") +
                              db::qualifiedTable(profile.schema, t.table) + QStringLiteral(" AS "));
        if (at >= 0 && (first < 0 || at < first)) {
            first = at;
            entity = name;
        }
    }
    return entity;
}

// Evidence that rows are wrong in themselves, not only many.
bool judgesRows(const Finding &f)
{
    return f.kind == u"invariant" || f.kind == u"duplicate" || f.kind == u"orphans" ||
           f.kind == u"foreign_value";
}

struct Candidate
{
    int index = -1;
    QString moneyEntity;
    qsizetype corroborated = 0; // of its users, those another finding names too
};

// The finding whose rows head the incident: rows that move money (a
// repair refunds or claws back those), then rows judged wrong in
// themselves, then the most users the other findings confirm.
Candidate chooseSource(const QVector<Finding> &findings, const FindingUsers &users,
                       const QVector<int> &group, const schema::SchemaProfile &profile)
{
    Candidate best;
    for (int i : group) {
        Candidate c{i, moneyEntityOf(findings[i], profile), 0};
        if (!c.moneyEntity.isEmpty() && findings[i].totals.isEmpty())
            c.moneyEntity.clear();
        for (const QString &user : users[i])
            for (int j : group)
                if (j != i && users[j].contains(user)) {
                    ++c.corroborated;
                    break;
                }
        const auto rank = [&](const Candidate &x) {
            return std::make_tuple(!x.moneyEntity.isEmpty(), judgesRows(findings[x.index]),
                                   x.corroborated, int(findings[x.index].severity));
        };
        if (best.index < 0 || rank(c) > rank(best))
            best = c;
    }
    return best;
}

// The source's rows that another finding of the group corroborates: it
// names the row's user, and the row lies within its window (an hour's
// slack, as for the links; a finding without a window, any time).
QString corroboratedRowsSql(const QVector<Finding> &findings, const QVector<int> &group, int source)
{
    QStringList conditions;
    for (int j : group) {
        if (j == source)
            continue;
        const Finding &f = findings[j];
        QString condition =
            QStringLiteral("h.user_id::text IN (SELECT e.user_id::text FROM (\n%1\n) AS e)")
                .arg(f.rowsSql.trimmed());
        if (f.windowStart.isValid())
            condition = QStringLiteral("(h.at >= %1 AND h.at <= %2 AND %3)")
                            .arg(db::timeLiteral(f.windowStart.addSecs(-kSlackSeconds)),
                                 db::timeLiteral(f.windowEnd.addSecs(kSlackSeconds)), condition);
        conditions << condition;
    }
    return db::renderSql(
        db::sqlResource(QStringLiteral("detect/incident_headline")),
        {{QStringLiteral("rows"), findings[source].rowsSql.trimmed()},
         {QStringLiteral("corroborated"), conditions.join(QStringLiteral("\n   OR "))}});
}

QString quoted(const QString &title)
{
    return QStringLiteral("\u201c%1\u201d").arg(title);
}

Incident incidentOf(db::Session &session, const schema::SchemaProfile &profile,
                    const QVector<Finding> &findings, const FindingUsers &users,
                    const QVector<int> &group)
{
    Incident incident;
    incident.findingIndexes = group;
    for (int i : group)
        incident.evidence << findings[i];
    for (const Finding &f : incident.evidence) {
        incident.severity = std::max(incident.severity, f.severity);
        if (f.windowStart.isValid() &&
            (!incident.windowStart.isValid() || f.windowStart < incident.windowStart))
            incident.windowStart = f.windowStart;
        if (f.windowEnd.isValid() &&
            (!incident.windowEnd.isValid() || f.windowEnd > incident.windowEnd))
            incident.windowEnd = f.windowEnd;
    }
    if (group.size() == 1) {
        incident.headline = findings[group.first()];
        incident.title = incident.headline.title;
        incident.headlineRule = QStringLiteral("The rows of its one finding.");
        return incident;
    }

    const Candidate source = chooseSource(findings, users, group, profile);
    incident.headlineSource = int(group.indexOf(source.index));
    const Finding &from = findings[source.index];
    Finding headline = from;
    // Money is repaired only where the evidence agrees: rows that move money
    // are kept where another finding names their user. Rows judged wrong
    // without money (a foreign value, a deletion) stand whole, follow-ups
    // after the other findings' windows included.
    bool narrowed = false;
    if (!source.moneyEntity.isEmpty()) {
        headline.rowsSql = corroboratedRowsSql(findings, group, source.index);
        narrowed = fillFromRows(session, profile, headline) && headline.rowCount < from.rowCount;
        if (!narrowed)
            headline = from; // every row corroborated (or, linked findings, none): kept whole
    }
    headline.series.clear();
    headline.dimension.clear();

    // "charges" -> "charge": the profile's money entities are plain plurals.
    const QString noun =
        source.moneyEntity.isEmpty() ? QStringLiteral("row") : source.moneyEntity.chopped(1);
    const QString money = headline.totals.isEmpty()
                              ? QString()
                              : QStringLiteral(", ") + headline.totals.toDisplayString();
    const QString seenBy = QStringLiteral(", seen by %1 findings").arg(group.size());
    incident.title =
        narrowed ? QStringLiteral("%1 of %2%3%4")
                       .arg(counted(headline.rowCount, noun),
                            counted(headline.userCount, QStringLiteral("user")), money, seenBy)
                 : from.title + seenBy;
    QStringList others;
    for (int j : group)
        if (j != source.index)
            others << quoted(findings[j].title);
    const QString otherTitles = others.size() == 1
                                    ? others.first()
                                    : others.mid(0, others.size() - 1).join(QStringLiteral(", ")) +
                                          QStringLiteral(" and ") + others.last();
    const QString verb = others.size() == 1 ? QStringLiteral("names") : QStringLiteral("name");
    incident.headlineRule =
        narrowed ? QStringLiteral("The %1 of %2 rows of %3 whose users %4 also %5.")
                       .arg(formatCount(headline.rowCount), formatCount(from.rowCount),
                            quoted(from.title), otherTitles, verb)
                 : QStringLiteral("The rows of %1; %2 %3 the same users.")
                       .arg(quoted(from.title), otherTitles, verb);
    headline.title = incident.title;
    headline.severity = incident.severity;
    headline.explanation = incident.headlineRule;
    incident.headline = headline;
    return incident;
}

FindingUsers readUsers(db::Session &session, const QVector<Finding> &findings)
{
    FindingUsers users;
    for (const Finding &f : findings) {
        QSet<QString> set;
        if (f.userCount > 0 && !f.rowsSql.isEmpty()) {
            const ResultTable rows =
                session.query(QStringLiteral("SELECT DISTINCT r.user_id::text FROM (\n%1\n) AS r "
                                             "WHERE r.user_id IS NOT NULL")
                                  .arg(f.rowsSql.trimmed()));
            for (const auto &row : rows.rows)
                set.insert(row.value(0));
        }
        users << set;
    }
    return users;
}

} // namespace

QVector<Finding> findingsBesideHeadline(const Incident &incident)
{
    QVector<Finding> beside;
    for (const Finding &f : incident.evidence)
        if (f.rowsSql != incident.headline.rowsSql)
            beside << f;
    return beside;
}

QVector<QVector<int>> groupFindings(const QVector<Finding> &findings, const FindingUsers &users)
{
    const int n = int(findings.size());
    QVector<int> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b)
            if (linked(findings[a], users.value(a), findings[b], users.value(b)))
                parent[findRoot(parent, b)] = findRoot(parent, a);
    QVector<QVector<int>> groups;
    QHash<int, int> groupOfRoot;
    for (int i = 0; i < n; ++i) {
        const int root = findRoot(parent, i);
        if (!groupOfRoot.contains(root)) {
            groupOfRoot.insert(root, int(groups.size()));
            groups.append(QVector<int>());
        }
        groups[groupOfRoot.value(root)].append(i);
    }
    return groups;
}

QVector<Incident> groupIntoIncidents(db::Session &session, const schema::SchemaProfile &profile,
                                     const QVector<Finding> &findings)
{
    const FindingUsers users = readUsers(session, findings);
    QVector<Incident> incidents;
    for (const QVector<int> &group : groupFindings(findings, users))
        incidents << incidentOf(session, profile, findings, users, group);
    std::stable_sort(incidents.begin(), incidents.end(), [](const Incident &a, const Incident &b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        return stakeRank(a.headline.totals) > stakeRank(b.headline.totals);
    });
    return incidents;
}

} // namespace payops::detect
