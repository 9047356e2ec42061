#include "outreach/export_source.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "outreach/status_words.h"

#include <QSet>

namespace payops::outreach {

CaseInfo caseInfo(db::Session &session, qint64 caseId)
{
    const ResultTable found = session.query(db::sqlResource(QStringLiteral("outreach/case_info")),
                                            {QString::number(caseId)});
    if (found.rowCount() == 0)
        throw UserError(QStringLiteral("There is no case %1.").arg(caseId),
                        QStringLiteral("payops case list shows the cases; nothing was written."));
    return {caseId, found.value(0, QStringLiteral("title"))};
}

ExportSource loadExportSource(db::Session &session, qint64 caseId, const QString &status,
                              const QStringList &accounts)
{
    if (!status.isEmpty() && !outreachStatuses().contains(status))
        throw UserError(QStringLiteral("\"%1\" is not an outreach status.").arg(status),
                        QStringLiteral("Use one of: %1; nothing was written.")
                            .arg(outreachStatuses().join(QStringLiteral(", "))));
    ExportSource source;
    source.info = caseInfo(session, caseId);
    const QVector<RosterPerson> all = roster(session, caseId);
    if (all.isEmpty())
        throw UserError(QStringLiteral("Case %1 has nobody on its roster.").arg(caseId),
                        QStringLiteral("An operator's money plan with --case %1 fills it (payops "
                                       "money plan refund|reversal|claw-back ... --case %1); "
                                       "nothing was written.")
                            .arg(caseId));
    const QSet<QString> wanted(accounts.cbegin(), accounts.cend());
    for (const RosterPerson &person : all)
        if ((status.isEmpty() || person.status == status) &&
            (wanted.isEmpty() || wanted.contains(person.account)))
            source.people.append(person);
    if (source.people.isEmpty())
        throw UserError(
            status.isEmpty()
                ? QStringLiteral("None of the accounts chosen is on the roster of case %1.")
                      .arg(caseId)
                : QStringLiteral("Nobody on the roster of case %1 is \"%2\".")
                      .arg(caseId)
                      .arg(statusWords(status)),
            QStringLiteral("payops outreach list --case %1 shows who is on it and their "
                           "statuses; nothing was written.")
                .arg(caseId));
    return source;
}

} // namespace payops::outreach
