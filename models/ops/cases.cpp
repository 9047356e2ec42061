#include "ops/cases.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"

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

qint64 openCaseFromFinding(db::Session &session, const Finding &finding, int evidenceRows)
{
    if (finding.rowsSql.trimmed().isEmpty())
        throw UserError(QStringLiteral("This finding has no rows to attach."),
                        QStringLiteral("Run the scan again and open the case from its finding."));
    const QString caseId = session
                               .query(QStringLiteral("SELECT payops.create_case($1, $2)"),
                                      {finding.title, severityName(finding.severity)})
                               .rows.value(0)
                               .value(0);
    // The rows SQL is the detector's own (from resources/sql/detect), never
    // operator text; the snapshot is taken inside PostgreSQL in one statement.
    session.query(
        QStringLiteral("SELECT payops.add_case_event($1::bigint, 'finding', jsonb_build_object("
                       "'finding', $2::jsonb, 'evidence', "
                       "(SELECT coalesce(jsonb_agg(to_jsonb(q)), '[]') FROM (SELECT * FROM (%1) r "
                       "LIMIT $3::int) q)))")
            .arg(finding.rowsSql),
        {caseId,
         QString::fromUtf8(QJsonDocument(findingJson(finding)).toJson(QJsonDocument::Compact)),
         QString::number(evidenceRows)});
    return caseId.toLongLong();
}

void addCaseNote(db::Session &session, qint64 caseId, const QString &note)
{
    if (note.trimmed().isEmpty())
        throw UserError(QStringLiteral("The note is empty."),
                        QStringLiteral("Write what happened, then add it."));
    session.query(QStringLiteral("SELECT payops.add_case_event($1::bigint, 'note', "
                                 "jsonb_build_object('text', $2::text))"),
                  {QString::number(caseId), note});
}

QString casesSql()
{
    return QStringLiteral(
        "SELECT id AS case_id, title, severity, status, owner, created_at FROM payops.cases "
        "ORDER BY created_at DESC");
}

QString caseTimelineSql(qint64 caseId)
{
    // The id is an integer we format ourselves, never operator text.
    return QStringLiteral(
               "SELECT at, who, what, detail FROM (\n"
               "  SELECT e.created_at AS at, e.created_by::text AS who, e.kind AS what,\n"
               "         CASE e.kind WHEN 'finding' THEN (e.body -> 'finding' ->> 'title') || ' (' "
               "||\n"
               "                     jsonb_array_length(e.body -> 'evidence') || ' rows frozen)'\n"
               "              ELSE coalesce(e.body ->> 'text', e.body::text) END AS detail\n"
               "  FROM payops.case_events e WHERE e.case_id = %1\n"
               "  UNION ALL\n"
               "  SELECT a.at, a.db_role::text, a.action,\n"
               "         concat_ws(' ', 'batch ' || a.batch_id, a.after::text, '[audit #' || a.seq "
               "|| ']')\n"
               "  FROM payops.audit_log a\n"
               "  WHERE a.case_id = %1 OR a.batch_id IN (SELECT id FROM payops.batches WHERE "
               "case_id = %1)\n"
               ") t ORDER BY at")
        .arg(caseId);
}

} // namespace payops::ops
