#include "outreach/people_of_rows.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "outreach/roster.h"

#include <QJsonDocument>

namespace payops::outreach {

QMap<QString, QJsonObject> peopleOfRows(db::Session &session, const QString &rowsSql,
                                        const QString &incident)
{
    // The rows run as a subquery of a read-only session: a statement that
    // is no query fails there and writes nothing.
    const ResultTable rows =
        session.query(db::renderSql(db::sqlResource(QStringLiteral("outreach/people_of_rows")),
                                    {{QStringLiteral("rows"), rowsSql}}));
    QMap<QString, QJsonObject> impact;
    for (int r = 0; r < rows.rowCount(); ++r)
        impact.insert(
            rows.value(r, QStringLiteral("account")),
            QJsonObject{{QStringLiteral("incident"), incident},
                        {QStringLiteral("amounts"),
                         QJsonDocument::fromJson(rows.value(r, QStringLiteral("amounts")).toUtf8())
                             .object()},
                        {QStringLiteral("rows"), rows.value(r, QStringLiteral("rows")).toInt()}});
    return impact;
}

ContactsCount countContacts(const QVector<RosterPerson> &people)
{
    ContactsCount count;
    for (const RosterPerson &p : people) {
        const QString from = p.impact.value(QStringLiteral("contacts"))
                                 .toObject()
                                 .value(QStringLiteral("from"))
                                 .toString();
        count.fromBackup += from == u"backup";
        count.without += from == u"none";
    }
    return count;
}

} // namespace payops::outreach
