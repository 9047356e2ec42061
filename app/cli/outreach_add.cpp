#include "cli/outreach_add.h"

#include "core/money.h"
#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "outreach/roster.h"

#include <QJsonDocument>
#include <QJsonObject>

int addPeopleFromRows(CliContext &context, const QCommandLineParser &parser, qint64 caseId,
                      const payops::schema::SchemaProfile &profile)
{
    const payops::ConnectionProfile connection = context.databaseFrom(parser);
    payops::db::Session live(connection, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops outreach"));
    const payops::ResultTable rows = live.query(payops::db::renderSql(
        payops::db::sqlResource(QStringLiteral("outreach/people_of_rows")),
        {{QStringLiteral("rows"), parser.value(QStringLiteral("users-of-rows"))}}));
    if (rows.rowCount() == 0) {
        context.err << "The rows name no account (their user_id column is empty); nobody was "
                       "added.\n";
        return ExitFailure;
    }
    const QString incident = parser.isSet(QStringLiteral("incident"))
                                 ? parser.value(QStringLiteral("incident"))
                                 : QStringLiteral("affected by the incident");
    QMap<QString, QJsonObject> impact;
    for (int r = 0; r < rows.rowCount(); ++r)
        impact.insert(
            rows.value(r, QStringLiteral("account")),
            QJsonObject{{QStringLiteral("incident"), incident},
                        {QStringLiteral("amounts"),
                         QJsonDocument::fromJson(rows.value(r, QStringLiteral("amounts")).toUtf8())
                             .object()},
                        {QStringLiteral("rows"), rows.value(r, QStringLiteral("rows")).toInt()}});
    payops::db::SessionOptions writable;
    writable.readOnly = false;
    writable.purpose = QStringLiteral("payops outreach");
    payops::db::Session session(connection, QString(), writable, QStringLiteral("payops"));
    const int added = payops::outreach::addToRoster(
        session, caseId, payops::outreach::withContacts(live, profile, impact));
    context.out << payops::formatCount(added) << " people added to the roster of case " << caseId
                << " (" << payops::formatCount(rows.rowCount() - added)
                << " were on it already).\n";
    return ExitOk;
}
