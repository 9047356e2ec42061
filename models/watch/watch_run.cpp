#include "watch/watch_run.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "detect/detector.h"
#include "detect/incidents.h"
#include "ops/migrator.h"
#include "watch/alert_fingerprint.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace payops::watch {

namespace {

db::SessionOptions stateOptions()
{
    db::SessionOptions options;
    options.readOnly = false; // writes go through the payops functions only
    options.purpose = QStringLiteral("watch");
    return options;
}

// The payops schema must be there and current, and the login a watcher:
// said before any scan runs.
void checkDatabase(db::Session &session)
{
    if (ops::Migrator::installedVersion(session) == 0)
        throw UserError(
            QStringLiteral("This database has no payops schema, where the watch keeps its "
                           "windows and alerts."),
            QStringLiteral("A database owner must run: payops migrate --db URI, then "
                           "payops grant watcher USER --execute."));
    if (const QString problem = ops::Migrator::versionProblem(session); !problem.isEmpty())
        throw UserError(problem, QString());
    const ResultTable member = session.query(
        QStringLiteral("SELECT pg_has_role(session_user, 'payops_watcher', 'MEMBER')"));
    if (member.rows.value(0).value(0) != u"t")
        throw UserError(
            QStringLiteral("%1 is not a payops watcher, so the watch cannot record its alerts.")
                .arg(session.query(QStringLiteral("SELECT session_user")).rows[0][0]),
            QStringLiteral("A database owner runs: payops grant watcher USER --execute."));
}

// Where the window starts: the earliest end of the detectors' last
// windows, less the overlap; one interval back when none ran yet. A run at
// a time already judged (run twice in a row, or a clock set back) judges
// the last run's window again, so that it sees what that run saw.
QDateTime windowStart(db::Session &session, const QStringList &detectors,
                      const WatchOptions &options, const QDateTime &now)
{
    const QString utc = QStringLiteral("'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'");
    const ResultTable last = session.query(
        QStringLiteral("SELECT to_char(min(scanned_until) AT TIME ZONE 'UTC', %1), count(*), "
                       "(SELECT to_char(r.window_start AT TIME ZONE 'UTC', %1) FROM "
                       "payops.watch_runs r WHERE r.window_end >= $2::timestamptz ORDER BY r.id "
                       "DESC LIMIT 1) FROM payops.watch_windows WHERE detector = ANY ($1::text[])")
            .arg(utc),
        {db::textArrayLiteral(detectors), now.toString(Qt::ISODate)});
    const auto &row = last.rows.value(0);
    if (!row.value(2).isNull())
        return QDateTime::fromString(row.value(2), Qt::ISODate);
    QDateTime start = now.addSecs(-options.intervalSeconds);
    if (row.value(1).toInt() == detectors.size()) // a detector new here starts one interval back
        start = QDateTime::fromString(row.value(0), Qt::ISODate);
    start = start.addSecs(-options.overlapSeconds);
    return start < now ? start : now.addSecs(-options.overlapSeconds);
}

// Whether any stream of the profile has a row in [start, end).
bool windowHasRows(db::Session &session, const schema::SchemaProfile &profile,
                   const QDateTime &start, const QDateTime &end)
{
    QStringList probes;
    for (const schema::Stream &stream : profile.streams)
        probes << QStringLiteral("SELECT 1 FROM %1 WHERE %2 >= %3 AND %2 < %4")
                      .arg(db::qualifiedTable(profile.schema, stream.table),
                           db::quoteIdent(stream.time), db::timeLiteral(start),
                           db::timeLiteral(end));
    if (probes.isEmpty())
        return true;
    const ResultTable found = session.query(
        QStringLiteral("SELECT EXISTS (%1)").arg(probes.join(QStringLiteral(" UNION ALL "))));
    return found.rows.value(0).value(0) == u"t";
}

QString streamTables(const schema::SchemaProfile &profile)
{
    QStringList tables;
    for (const schema::Stream &stream : profile.streams)
        if (!tables.contains(stream.table))
            tables << stream.table;
    return tables.join(QStringLiteral(", "));
}

QString iso(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

} // namespace

QJsonObject findingJson(const Finding &finding)
{
    QJsonObject totals;
    for (const QString &currency : finding.totals.currencies())
        totals.insert(currency, double(finding.totals.minorFor(currency)));
    return {
        {QStringLiteral("fingerprint"), alertFingerprint(finding)},
        {QStringLiteral("detector"), finding.detector},
        {QStringLiteral("kind"), finding.kind},
        {QStringLiteral("dimension"),
         finding.dimension.isEmpty() ? QJsonValue() : QJsonValue(finding.dimension)},
        {QStringLiteral("severity"), severityName(finding.severity).toLower()},
        {QStringLiteral("title"), finding.title},
        {QStringLiteral("explanation"), finding.explanation},
        {QStringLiteral("rows"), double(finding.rowCount)},
        {QStringLiteral("users"), double(finding.userCount)},
        {QStringLiteral("totals"), totals},
        {QStringLiteral("window_start"),
         finding.windowStart.isValid() ? QJsonValue(iso(finding.windowStart)) : QJsonValue()},
        {QStringLiteral("window_end"),
         finding.windowEnd.isValid() ? QJsonValue(iso(finding.windowEnd)) : QJsonValue()},
    };
}

WatchRunResult runWatchOnce(const ConnectionProfile &connection, const QString &password,
                            const schema::SchemaProfile &profile, const WatchOptions &options,
                            const QDateTime &now)
{
    db::Session state(connection, password, stateOptions(), QStringLiteral("payops"));
    checkDatabase(state);
    QStringList detectors = options.detectors;
    if (detectors.isEmpty())
        for (const auto &d : detect::allDetectors())
            detectors << d.name;

    WatchRunResult result;
    result.windowEnd = now;
    result.windowStart = windowStart(state, detectors, options, now);
    if (!windowHasRows(state, profile, result.windowStart, result.windowEnd)) {
        result.nothingToJudge =
            QStringLiteral("No rows in %1 between %2 and %3, so this run judged nothing and "
                           "the window stays open for the next run. If rows should be there, "
                           "the billing data has stopped arriving.")
                .arg(streamTables(profile), iso(result.windowStart), iso(result.windowEnd));
        return result;
    }

    detect::ScanOptions scan;
    scan.since = result.windowStart;
    scan.until = result.windowEnd;
    result.report =
        detect::runBlockingScan(connection, password, profile, scan, detectors, options.jobs);

    // One alert per incident, not per finding (detect/incidents.h): its
    // headline's rows and money, keyed by the finding that heads it, so the
    // same incident is the same alert from run to run.
    QVector<Finding> judged;
    for (const Finding &finding : result.report.findings)
        if (result.report.judged.contains(finding.detector))
            judged << finding;
    db::Session reader(connection, password, db::SessionOptions(), QStringLiteral("payops watch"));
    QJsonArray findings;
    for (const detect::Incident &incident : detect::groupIntoIncidents(reader, profile, judged)) {
        const Finding &source = incident.evidence.at(incident.headlineSource);
        if (incident.severity < options.alertOn || incident.headline.rowCount == 0)
            continue;
        QJsonObject alert = findingJson(incident.headline);
        alert.insert(QStringLiteral("fingerprint"), alertFingerprint(source));
        alert.insert(QStringLiteral("dimension"),
                     source.dimension.isEmpty() ? QJsonValue() : QJsonValue(source.dimension));
        findings.append(alert);
    }
    const ResultTable events = state.query(
        QStringLiteral("SELECT e::text FROM payops.record_watch_run($1::timestamptz, "
                       "$2::timestamptz, $3::text[], $4::text[], $5::jsonb, nullif($6, ''), "
                       "$7::timestamptz) AS e"),
        {iso(result.windowStart), iso(result.windowEnd), db::textArrayLiteral(result.report.judged),
         db::textArrayLiteral(result.report.failures),
         QString::fromUtf8(QJsonDocument(findings).toJson(QJsonDocument::Compact)),
         options.webhook.toString(), iso(now.addSecs(options.intervalSeconds))});
    for (const auto &row : events.rows)
        result.events << QJsonDocument::fromJson(row[0].toUtf8()).object();
    return result;
}

} // namespace payops::watch
