#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QString>
#include <QVector>

namespace payops {

enum class Severity { Info, Low, Medium, High, Critical };
QString severityName(Severity severity);

// One bucket of an event stream as a chart shows it: what happened and the
// band the baseline expected.
struct SeriesPoint
{
    QDateTime start;
    double events = 0;
    double expected = 0; // baseline median; negative when there was no baseline
    double low = 0;
    double high = 0;
    bool anomalous = false;
};

// What a detector found: enough for an operator to judge it without running
// anything else, plus the exact SQL that reproduces it.
struct Finding
{
    QString detector; // "orphans"
    QString title;    // one line
    Severity severity = Severity::Info;
    QString explanation; // one plain-language paragraph
    qint64 rowCount = 0;
    qint64 userCount = 0;
    MoneyTotals totals;
    // Said instead of totals when the money is known only as records, not
    // amounts ("9,038 money records, amounts not summed": a backup diff
    // counts what was deleted without adding it up). Empty: totals say it.
    QString moneyNote;
    QDateTime windowStart; // null when the finding has no time window
    QDateTime windowEnd;
    QString summarySql; // reproduces the counts and totals
    // Lists the affected rows: row_key, user_id, amount_minor, currency, at,
    // then detector-specific columns. Self-contained (values are literals)
    // so it can be pasted into psql and is exactly what the detector ran.
    QString rowsSql;
    QString usersSql; // affected users with their row counts and amounts

    QString kind;      // burst, leak, silence, duplicate, invariant, foreign_value, orphans
    QString dimension; // "source_env = staging" when one value explains it
    QVector<SeriesPoint> series; // for stream anomalies: the chart around the window
    int bucketSeconds = 3600;
    // The data the finding was read from ends here: the scan's start on a
    // primary, what a standby had replayed on a standby. Null: not known.
    QDateTime dataUpTo;
};

// The money of a finding as people read it: its totals ("73,271.36 USD;
// 12.00 EUR"), else its money note, else "none".
QString moneyText(const Finding &finding);

} // namespace payops

#include <QMetaType>
Q_DECLARE_METATYPE(payops::Finding)
