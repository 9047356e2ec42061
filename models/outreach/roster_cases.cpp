#include "outreach/roster_cases.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"

namespace payops::outreach {

QVector<RosterCase> rosterCases(db::Session &session)
{
    // A payops schema older than rosters has none: the console starts as before.
    if (session.query(db::sqlResource(QStringLiteral("outreach/has_rosters")))
            .rows.value(0)
            .value(0) != u"t")
        return {};
    const ResultTable rows =
        session.query(db::sqlResource(QStringLiteral("outreach/roster_cases")));
    QVector<RosterCase> cases;
    for (int r = 0; r < rows.rowCount(); ++r)
        cases.append({rows.value(r, QStringLiteral("case_id")).toLongLong(),
                      rows.value(r, QStringLiteral("title")),
                      rows.value(r, QStringLiteral("people")).toInt(),
                      rows.value(r, QStringLiteral("not_contacted")).toInt()});
    return cases;
}

bool mayRecordOutreach(db::Session &session)
{
    return session.query(db::sqlResource(QStringLiteral("outreach/may_record")))
               .rows.value(0)
               .value(0) == u"t";
}

} // namespace payops::outreach
