#include "cli/scan_output.h"

#include "core/money.h"
#include "core/result_table.h"
#include "core/wording.h"
#include "db/session.h"
#include "detect/finding_rows.h"
#include "detect/incidents.h"
#include "items/csv_writer.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

namespace {

QJsonObject totalsJson(const payops::MoneyTotals &totals)
{
    QJsonObject object;
    for (const QString &currency : totals.currencies()) {
        const payops::Money money{totals.minorFor(currency), currency};
        // Minor units as a JSON number are exact up to 2^53; the decimal
        // string is exact always.
        object.insert(currency, QJsonObject{{QStringLiteral("minor"), double(money.minor)},
                                            {QStringLiteral("amount"), money.toDecimalString()}});
    }
    return object;
}

QJsonValue timeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

QJsonValue cellJson(const QString &value)
{
    return value.isNull() ? QJsonValue() : QJsonValue(value);
}

payops::ResultTable rowsOf(payops::db::Session &session, const payops::Finding &f)
{
    return session.query(payops::detect::orderedRowsSql(f.rowsSql));
}

// The SQL that lists a finding's rows, sums them and lists its users.
QJsonObject sqlJson(const payops::Finding &f)
{
    return QJsonObject{{QStringLiteral("rows"), f.rowsSql},
                       {QStringLiteral("summary"), f.summarySql},
                       {QStringLiteral("users"), f.usersSql}};
}

QJsonObject windowJson(const QDateTime &start, const QDateTime &end)
{
    return QJsonObject{{QStringLiteral("start"), timeJson(start)},
                       {QStringLiteral("end"), timeJson(end)}};
}

QString detectorCount(qsizetype count)
{
    return count == 1 ? QStringLiteral("1 detector") : QStringLiteral("%1 detectors").arg(count);
}

} // namespace

ScanOutput::ScanOutput(QTextStream &out, const payops::schema::SchemaProfile &profile,
                       const payops::detect::ScanOptions &options,
                       const payops::ConnectionProfile &connection)
    : m_out(out)
    , m_profile(profile)
    , m_options(options)
    , m_connection(connection)
{
}

QString ScanOutput::summary(const payops::detect::ScanReport &report)
{
    const QString comma = QStringLiteral(", ");
    if (report.nothingJudged())
        return QStringLiteral("%1 failed, so nothing was judged: this is no clean result (why is "
                              "on standard error).")
            .arg(report.detectors.size() == 1
                     ? QStringLiteral("The one detector, %1,").arg(report.detectors.first())
                     : QStringLiteral("All %1").arg(detectorCount(report.detectors.size())));
    QStringList failed;
    for (const QString &name : report.detectors)
        if (!report.judged.contains(name))
            failed << name;
    if (failed.isEmpty())
        return report.findings.isEmpty()
                   ? QStringLiteral("No findings from %1.").arg(report.judged.join(comma))
                   : QString();
    const QString from =
        QStringLiteral("the %1 that ran (%2); %3 of %4 failed (%5), so %6 part was not judged "
                       "(why is on standard error)")
            .arg(detectorCount(report.judged.size()), report.judged.join(comma),
                 QString::number(failed.size()), detectorCount(report.detectors.size()),
                 failed.join(comma),
                 failed.size() == 1 ? QStringLiteral("its") : QStringLiteral("their"));
    return report.findings.isEmpty() ? QStringLiteral("No findings from %1.").arg(from)
                                     : QStringLiteral("These findings are from %1.").arg(from);
}

QJsonObject ScanOutput::serverJson(const payops::db::ServerRoute &route)
{
    const payops::db::StatementStats stats = payops::db::statementStats();
    return QJsonObject{
        {QStringLiteral("investigation"), route.investigation.address},
        {QStringLiteral("standby"), route.investigation.isStandby},
        {QStringLiteral("caught_up"), route.lag.caughtUp},
        {QStringLiteral("lag_seconds"),
         route.lag.standby ? QJsonValue(double(route.lag.seconds)) : QJsonValue(0)},
        {QStringLiteral("primary"),
         route.primary ? QJsonValue(route.primary->address) : QJsonValue()},
        {QStringLiteral("words"), route.words()},
        {QStringLiteral("recovery_conflicts_retried"), stats.recoveryConflictRetries},
        {QStringLiteral("longest_statement_ms"), double(stats.longestMs)},
    };
}

QVector<payops::detect::Incident> ScanOutput::incidentsOf(const payops::detect::ScanReport &report,
                                                          payops::db::Session &session) const
{
    return payops::detect::groupIntoIncidents(session, m_profile, report.findings);
}

QJsonArray ScanOutput::incidentsJson(const QVector<payops::detect::Incident> &incidents)
{
    QJsonArray array;
    for (const payops::detect::Incident &incident : incidents) {
        const payops::Finding &h = incident.headline;
        QJsonArray findings;
        for (int index : incident.findingIndexes)
            findings.append(index);
        array.append(QJsonObject{
            {QStringLiteral("title"), incident.title},
            {QStringLiteral("severity"), payops::severityName(incident.severity)},
            {QStringLiteral("window"), windowJson(incident.windowStart, incident.windowEnd)},
            {QStringLiteral("findings"), findings},
            {QStringLiteral("headline"),
             QJsonObject{
                 {QStringLiteral("finding"),
                  incident.findingIndexes.value(incident.headlineSource)},
                 {QStringLiteral("chosen"), incident.headlineRule},
                 {QStringLiteral("rows"), double(h.rowCount)},
                 {QStringLiteral("users"), double(h.userCount)},
                 {QStringLiteral("totals"), totalsJson(h.totals)},
                 {QStringLiteral("money_note"),
                  h.moneyNote.isEmpty() ? QJsonValue() : QJsonValue(h.moneyNote)},
                 {QStringLiteral("window"), windowJson(h.windowStart, h.windowEnd)},
                 {QStringLiteral("sql"), sqlJson(h)},
             }},
        });
    }
    return array;
}

void ScanOutput::printJson(const payops::detect::ScanReport &report, bool withRows)
{
    payops::db::Session session(m_connection, QString(), payops::db::SessionOptions(),
                                QStringLiteral("payops scan"));
    QJsonArray findings;
    for (const payops::Finding &f : report.findings) {
        QJsonArray series;
        for (const payops::SeriesPoint &p : f.series)
            series.append(QJsonObject{
                {QStringLiteral("start"), timeJson(p.start)},
                {QStringLiteral("events"), p.events},
                {QStringLiteral("expected"),
                 p.expected < 0 ? QJsonValue() : QJsonValue(p.expected)},
                {QStringLiteral("high"), p.expected < 0 ? QJsonValue() : QJsonValue(p.high)},
                {QStringLiteral("anomalous"), p.anomalous}});
        QJsonObject object{
            {QStringLiteral("detector"), f.detector},
            {QStringLiteral("kind"), f.kind},
            {QStringLiteral("severity"), payops::severityName(f.severity)},
            {QStringLiteral("title"), f.title},
            {QStringLiteral("explanation"), f.explanation},
            {QStringLiteral("dimension"),
             f.dimension.isEmpty() ? QJsonValue() : QJsonValue(f.dimension)},
            {QStringLiteral("window"), windowJson(f.windowStart, f.windowEnd)},
            {QStringLiteral("rows"), double(f.rowCount)},
            {QStringLiteral("users"), double(f.userCount)},
            {QStringLiteral("totals"), totalsJson(f.totals)},
            {QStringLiteral("money_note"),
             f.moneyNote.isEmpty() ? QJsonValue() : QJsonValue(f.moneyNote)},
            {QStringLiteral("sql"), sqlJson(f)},
            {QStringLiteral("bucket_seconds"), f.bucketSeconds},
            {QStringLiteral("series"), series},
            {QStringLiteral("data_up_to"), timeJson(f.dataUpTo)},
        };
        if (withRows) {
            const payops::ResultTable rows = rowsOf(session, f);
            QJsonArray rowArray;
            for (const auto &row : rows.rows) {
                QJsonObject item;
                for (int c = 0; c < rows.columns.size(); ++c)
                    item.insert(rows.columns[c], cellJson(row.value(c)));
                rowArray.append(item);
            }
            object.insert(QStringLiteral("affected_rows"), rowArray);
        }
        findings.append(object);
    }
    const QJsonObject document{
        {QStringLiteral("format"), QStringLiteral("payops-scan/1")},
        {QStringLiteral("profile"), m_profile.name},
        {QStringLiteral("since"), timeJson(m_options.since)},
        {QStringLiteral("until"), timeJson(m_options.until)},
        {QStringLiteral("detectors"), QJsonArray::fromStringList(report.detectors)},
        {QStringLiteral("failures"), QJsonArray::fromStringList(report.failures)},
        {QStringLiteral("judged"), QJsonArray::fromStringList(report.judged)},
        {QStringLiteral("nothing_judged"), report.nothingJudged()},
        {QStringLiteral("findings"), findings},
        {QStringLiteral("incidents"), incidentsJson(incidentsOf(report, session))},
        {QStringLiteral("server"), serverJson(report.route)},
        {QStringLiteral("data_up_to"), timeJson(report.route.lag.dataUpTo)},
    };
    m_out << QJsonDocument(document).toJson(QJsonDocument::Indented);
}

void ScanOutput::printCsv(const payops::detect::ScanReport &report)
{
    payops::db::Session session(m_connection, QString(), payops::db::SessionOptions(),
                                QStringLiteral("payops scan"));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    payops::CsvWriter csv(buffer);
    csv.writeRow({QStringLiteral("detector"), QStringLiteral("kind"), QStringLiteral("severity"),
                  QStringLiteral("finding"), QStringLiteral("row_key"), QStringLiteral("user_id"),
                  QStringLiteral("amount_minor"), QStringLiteral("currency"),
                  QStringLiteral("at")});
    for (const payops::Finding &f : report.findings) {
        const payops::ResultTable rows = rowsOf(session, f);
        for (const auto &row : rows.rows)
            csv.writeRow({f.detector, f.kind, payops::severityName(f.severity), f.title,
                          row.value(0), row.value(1), row.value(2), row.value(3), row.value(4)});
    }
    m_out << QString::fromUtf8(buffer.data());
}

QString ScanOutput::incidentsText(const QVector<payops::detect::Incident> &incidents)
{
    if (incidents.isEmpty())
        return {};
    QString text = QStringLiteral("Incidents: the findings above, grouped where they name the same "
                                  "users at the same time.\n");
    for (qsizetype i = 0; i < incidents.size(); ++i) {
        const payops::detect::Incident &incident = incidents[i];
        text += QStringLiteral("Incident %1 (%2): %3\n")
                    .arg(QString::number(i + 1), payops::severityName(incident.severity),
                         incident.title);
        if (incident.evidence.size() > 1)
            text += QStringLiteral("  %1\n").arg(incident.headlineRule);
    }
    return text + u'\n';
}

QString ScanOutput::closingSummary(const payops::detect::ScanReport &report,
                                   const QVector<payops::detect::Incident> &incidents)
{
    if (report.findings.isEmpty())
        return {};
    // Most severe first, as the findings are listed.
    QMap<int, qsizetype> perSeverity;
    for (const payops::Finding &f : report.findings)
        ++perSeverity[-int(f.severity)];
    // Each incident's money once: its findings often name the same records.
    payops::MoneyTotals money;
    for (const payops::detect::Incident &incident : incidents)
        for (const QString &currency : incident.headline.totals.currencies())
            money.add(currency, incident.headline.totals.minorFor(currency));
    QStringList counts;
    for (auto it = perSeverity.cbegin(); it != perSeverity.cend(); ++it)
        counts << QStringLiteral("%1 %2").arg(payops::formatCount(it.value()),
                                              payops::severityName(payops::Severity(-it.key())));
    const qsizetype total = report.findings.size();
    QString text = QStringLiteral("Summary: %1 %2 (%3) in %4.\n")
                       .arg(payops::formatCount(total),
                            total == 1 ? QStringLiteral("finding") : QStringLiteral("findings"),
                            counts.join(QStringLiteral(", ")),
                            payops::counted(incidents.size(), QStringLiteral("incident")));
    text += money.isEmpty()
                ? QStringLiteral("Money at stake: none; these findings move no money.\n")
                : QStringLiteral("Money at stake, per currency, each incident's headline once: "
                                 "%1.\n")
                      .arg(money.toDisplayString());
    text += QStringLiteral(
        "Next: open the console on it (payops-console --demo for the demo), list the affected "
        "rows with --rows, show each finding's SQL with --show-sql, or open a case with payops "
        "case open --finding \"WORDS OF ITS TITLE\".\n");
    return text;
}

void ScanOutput::printText(const payops::detect::ScanReport &report, bool withRows, bool withSql)
{
    payops::db::Session session(m_connection, QString(), payops::db::SessionOptions(),
                                QStringLiteral("payops scan"));
    m_out << "Read from the " << report.route.words() << ".\n";
    if (const int retried = payops::db::statementStats().recoveryConflictRetries; retried > 0)
        m_out << retried << (retried == 1 ? " statement was" : " statements were")
              << " cancelled by the standby's recovery and run again.\n";
    if (const QString line = summary(report); !line.isEmpty())
        m_out << line << (report.findings.isEmpty() ? "\n" : "\n\n");
    for (const payops::Finding &f : report.findings) {
        m_out << "[" << payops::severityName(f.severity).toUpper() << "] " << f.title << '\n'
              << f.explanation << '\n';
        if (withRows) {
            const payops::ResultTable rows = rowsOf(session, f);
            m_out << rows.columns.join(QLatin1Char('\t')) << '\n';
            for (const auto &row : rows.rows)
                m_out << QStringList(row.cbegin(), row.cend()).join(QLatin1Char('\t')) << '\n';
        }
        if (withSql)
            m_out << "Reproduce with:\n" << f.rowsSql.trimmed() << ";\n";
        m_out << '\n';
    }
    const QVector<payops::detect::Incident> incidents = incidentsOf(report, session);
    m_out << incidentsText(incidents) << closingSummary(report, incidents);
}
