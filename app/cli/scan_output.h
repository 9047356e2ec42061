#pragma once

#include "core/connection_profile.h"
#include "detect/blocking_scan.h"
#include "detect/incidents.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

// Prints a scan report as JSON (schema in docs/DETECTORS.md), CSV (one line
// per affected row) or text (one paragraph per finding). Rows are read
// afresh with each finding's own SQL on a read-only session.
class ScanOutput
{
public:
    ScanOutput(QTextStream &out, const payops::schema::SchemaProfile &profile,
               const payops::detect::ScanOptions &options,
               const payops::ConnectionProfile &connection);

    void printJson(const payops::detect::ScanReport &report, bool withRows);
    void printCsv(const payops::detect::ScanReport &report);
    // `withSql` adds the statement that lists each finding's rows.
    void printText(const payops::detect::ScanReport &report, bool withRows, bool withSql);

    // What the findings stand for: all that the scan set out to judge, only
    // what the detectors that ran judged, or nothing at all ("All 6
    // detectors failed, so nothing was judged"). Empty when every detector
    // ran and there are findings: they speak for themselves.
    static QString summary(const payops::detect::ScanReport &report);
    // The text report's last lines, so they are what stays on screen:
    // findings per severity, money at stake per currency, what to run next.
    // Empty when there are no findings.
    // Money is summed over the incidents' headlines, each record once.
    static QString closingSummary(const payops::detect::ScanReport &report,
                                  const QVector<payops::detect::Incident> &incidents);
    // "Incident 1 (high): 475 charges of 475 users, …" and how its
    // headline was chosen; empty when there are none.
    static QString incidentsText(const QVector<payops::detect::Incident> &incidents);
    static QJsonArray incidentsJson(const QVector<payops::detect::Incident> &incidents);

    // Where the scan read, how far behind, and what the standby cancelled.
    static QJsonObject serverJson(const payops::db::ServerRoute &route);

private:
    QVector<payops::detect::Incident> incidentsOf(const payops::detect::ScanReport &report,
                                                  payops::db::Session &session) const;

    QTextStream &m_out;
    const payops::schema::SchemaProfile &m_profile;
    payops::detect::ScanOptions m_options;
    payops::ConnectionProfile m_connection;
};
