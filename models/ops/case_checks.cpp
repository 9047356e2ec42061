#include "ops/case_checks.h"

#include "db/session.h"
#include "db/sql_resource.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace payops::ops {

namespace {

QString jsonArray(const QStringList &values)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

} // namespace

QString billingStateQuestion()
{
    return QStringLiteral("Is this account's billing state correct now (no charge, invoice or "
                          "dunning left from the incident)?");
}

int addCaseChecks(db::Session &session, qint64 caseId, const QStringList &accounts,
                  const QString &question)
{
    if (accounts.isEmpty())
        return 0;
    return session
        .query(db::sqlResource(QStringLiteral("ops/add_case_checks")),
               {QString::number(caseId), jsonArray(accounts), question})
        .rows.value(0)
        .value(0)
        .toInt();
}

int tickCaseChecks(db::Session &session, qint64 caseId, const QStringList &accounts, bool correct,
                   const QString &note)
{
    return session
        .query(db::sqlResource(QStringLiteral("ops/tick_case_checks")),
               {QString::number(caseId), jsonArray(accounts),
                correct ? QStringLiteral("correct") : QStringLiteral("wrong"), note.trimmed()})
        .rows.value(0)
        .value(0)
        .toInt();
}

QVector<CaseCheck> caseChecks(db::Session &session, qint64 caseId)
{
    QVector<CaseCheck> checks;
    for (const auto &row :
         session
             .query(db::sqlResource(QStringLiteral("ops/case_checks")), {QString::number(caseId)})
             .rows)
        checks.append({row[0], row[1], row[2], row[3], row[4], row[5]});
    return checks;
}

} // namespace payops::ops
