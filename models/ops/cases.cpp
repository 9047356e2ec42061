#include "ops/cases.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "ops/batch_review.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace payops::ops {

static QJsonObject findingJson(const Finding &f)
{
    QJsonObject totals;
    for (const QString &currency : f.totals.currencies())
        totals.insert(currency, QString::number(f.totals.minorFor(currency)));
    return QJsonObject{{QStringLiteral("detector"), f.detector},
                       {QStringLiteral("title"), f.title},
                       {QStringLiteral("severity"), severityName(f.severity)},
                       {QStringLiteral("explanation"), f.explanation},
                       {QStringLiteral("rows"), QString::number(f.rowCount)},
                       {QStringLiteral("users"), QString::number(f.userCount)},
                       {QStringLiteral("totals_minor"), totals},
                       {QStringLiteral("window_start"), f.windowStart.toString(Qt::ISODate)},
                       {QStringLiteral("window_end"), f.windowEnd.toString(Qt::ISODate)},
                       {QStringLiteral("rows_sql"), f.rowsSql},
                       {QStringLiteral("summary_sql"), f.summarySql}};
}

static void requireRows(const Finding &finding)
{
    if (finding.rowsSql.trimmed().isEmpty())
        throw UserError(QStringLiteral("This finding has no rows to attach."),
                        QStringLiteral("Run the scan again and open the case from its finding."));
}

static void addFindingEvent(db::Session &session, qint64 caseId, const Finding &finding,
                            int evidenceRows)
{
    // The rows SQL is the detector's own (from resources/sql/detect), never
    // operator text; the snapshot is taken inside PostgreSQL in one statement.
    session.query(
        db::renderSql(db::sqlResource(QStringLiteral("ops/add_finding_event")),
                      {{QStringLiteral("rows"), finding.rowsSql}}),
        {QString::number(caseId),
         QString::fromUtf8(QJsonDocument(findingJson(finding)).toJson(QJsonDocument::Compact)),
         QString::number(evidenceRows)});
}

qint64 openCaseFromFinding(db::Session &session, const Finding &finding, int evidenceRows)
{
    requireRows(finding);
    const qint64 caseId = createCase(session, finding.title, severityName(finding.severity));
    addFindingEvent(session, caseId, finding, evidenceRows);
    return caseId;
}

QVector<CaseChoice> caseChoicesFor(db::Session &session, const Finding &finding)
{
    const ResultTable rows = session.query(db::sqlResource(QStringLiteral("ops/finding_cases")),
                                           {finding.rowsSql, finding.detector, finding.title});
    QVector<CaseChoice> choices;
    for (int r = 0; r < rows.rowCount(); ++r) {
        CaseChoice c;
        c.id = rows.value(r, QStringLiteral("case_id")).toLongLong();
        c.title = rows.value(r, QStringLiteral("title"));
        c.status = rows.value(r, QStringLiteral("status"));
        c.holdsFinding = rows.value(r, QStringLiteral("holds")) == u"t";
        c.attachedAt =
            QDateTime::fromString(rows.value(r, QStringLiteral("attached_at")), Qt::ISODate);
        c.attachedBy = rows.value(r, QStringLiteral("attached_by"));
        choices.append(c);
    }
    return choices;
}

void attachFinding(db::Session &session, qint64 caseId, const Finding &finding, int evidenceRows)
{
    requireRows(finding);
    for (const CaseChoice &c : caseChoicesFor(session, finding))
        if (c.id == caseId && c.holdsFinding)
            throw UserError(
                QStringLiteral("Case %1 already holds this finding (attached by %2 on %3 UTC).")
                    .arg(caseId)
                    .arg(c.attachedBy,
                         c.attachedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                QStringLiteral("Nothing was added; its timeline shows it (payops case show %1).")
                    .arg(caseId));
    addFindingEvent(session, caseId, finding, evidenceRows);
}

QString moveCase(db::Session &session, qint64 caseId, const QString &to, const QString &reason,
                 bool override)
{
    return session
        .query(db::sqlResource(QStringLiteral("ops/move_case")),
               {QString::number(caseId), to, reason,
                override ? QStringLiteral("true") : QStringLiteral("false")})
        .rows.value(0)
        .value(0);
}

void recordCaseCost(db::Session &session, qint64 caseId, qint64 amountMinor,
                    const QString &currency, const QString &what)
{
    session.query(db::sqlResource(QStringLiteral("ops/record_cost")),
                  {QString::number(caseId), QString::number(amountMinor), currency, what});
}

void giveUpHeldItem(db::Session &session, qint64 batchId, int itemNo, const QString &reason)
{
    session.query(db::sqlResource(QStringLiteral("ops/give_up_held_item")),
                  {QString::number(batchId), QString::number(itemNo), reason});
}

void addCaseNote(db::Session &session, qint64 caseId, const QString &note)
{
    if (note.trimmed().isEmpty())
        throw UserError(QStringLiteral("The note is empty."),
                        QStringLiteral("Write what happened, then add it."));
    session.query(db::sqlResource(QStringLiteral("ops/add_case_note")),
                  {QString::number(caseId), note});
}

QString casesSql()
{
    return db::sqlResource(QStringLiteral("ops/cases"));
}

QString caseTimelineSql(qint64 caseId)
{
    // The id is an integer we format ourselves, never operator text.
    return db::renderSql(db::sqlResource(QStringLiteral("ops/case_timeline")),
                         {{QStringLiteral("case_id"), QString::number(caseId)}});
}

qint64 latestRestoreBatch(db::Session &session, qint64 caseId)
{
    return session
        .query(db::sqlResource(QStringLiteral("ops/case_restore_batch")), {QString::number(caseId)})
        .rows.value(0)
        .value(0)
        .toLongLong();
}

} // namespace payops::ops
