#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace payops::schema {

// One mapped table: the console's concept (accounts, charges, ...) on a
// real table. Roles are the console's names for columns ("user", "amount",
// "time"); value lists say which stored values mean what ("closed_values").
struct TableMap
{
    QString table;
    QHash<QString, QString> columns;    // role -> column name
    QHash<QString, QStringList> values; // role -> stored values
    QString fixedCurrency;              // when the table has no currency column

    bool isMapped() const { return !table.isEmpty(); }
    bool has(const QString &role) const { return columns.contains(role); }
    QString column(const QString &role) const { return columns.value(role); }
};

// An event stream whose hourly counts are watched for bursts, slow leaks
// and silences, with the columns that may explain an anomaly.
struct Stream
{
    QString name;
    QString table;
    QString time;
    QString key;
    QString user;
    QString amount;
    QString currency;
    QString fixedCurrency;
    QString whereColumn; // only rows whose column is one of whereValues
    QStringList whereValues;
    QStringList dimensions;
    bool burst = true;
    bool leak = false;
    bool silence = false;
    QString silencePer; // silence is judged per value of this column
    // What the stream's events do, which decides how high its anomalies
    // may go on volume alone (docs/DETECTORS.md, severity model): creates
    // (sign-ups, charges), money_out (refunds, payouts) or destroys
    // (deletions, cancellations). Inferred from the table when not given.
    QString effect; // empty in readStream() until inferred
    bool takesOrDestroys() const { return effect != u"creates"; }
};

// One column of one table that a check watches, with the row key, owner
// and time that its findings list.
struct ColumnCheck
{
    QString name;
    QString table;
    QString key;
    QString user;
    QString time;
    QString column;
};

// Values that must exist in a reference list (an assignee must be a known
// agent); values outside it that appear are "foreign".
struct ValueCheck : ColumnCheck
{
    QString knownTable;
    QString knownColumn;
};

// A column whose mix of values should stay stable day to day (a status, an
// assignee team): a value whose share jumps is data written by something
// new, such as a migration reading the wrong database.
struct ShareCheck : ColumnCheck
{
};

// Every tunable of the detectors, with the defaults explained in
// docs/DETECTORS.md.
struct Thresholds
{
    int baselineDays = 28;        // trailing window of the seasonal baseline
    int minHistoryDays = 7;       // no judgement with less history than this
    double burstSigmas = 6;       // how far above the baseline median, in robust sigmas
    double burstMinRatio = 3;     // and at least this many times the median
    double burstMinEvents = 20;   // and at least this many events in the hour
    int burstMergeHours = 12;     // bursts this close together are one window
    double explainShare = 0.9;    // a dimension value explains an anomaly from this share
    double leakSlackSigmas = 1;   // CUSUM allowance per day, in robust sigmas
    double leakAlarmSigmas = 8;   // CUSUM alarm level, in robust sigmas
    double leakHighEvents = 100;  // a leak this far above baseline is high
    double highOutflowRatio = 10; // an outflow or destruction this many times the usual is high
    int silenceMinMissed = 2;     // expected reports missed in a row before alarm
    int duplicateWindowDays = 31; // same user and reference paid twice within this
    double shareJumpPoints = 0.3; // a value's daily share this far above its usual share...
    double shareJumpRatio = 2;    // ...and at least this many times it...
    double shareMinRows = 20;     // ...on a day with at least this many rows of the value
};

// A schema profile: how one billing database maps onto the console's
// concepts. Loaded from JSON (format in docs/PROFILES.md); every structural
// problem is collected and reported at once.
struct SchemaProfile
{
    QString name;
    QString source; // file the profile came from, for messages
    QString schema = QStringLiteral("public");
    QHash<QString, TableMap> tables; // accounts, orders, charges, refunds, payouts, subscriptions
    QVector<Stream> streams;
    QVector<ValueCheck> valueChecks;
    QVector<ShareCheck> shareChecks;
    Thresholds thresholds;

    const TableMap &table(const QString &entity) const;

    // Throws UserError naming every problem (missing keys, wrong types,
    // unknown keys, unusable names).
    static SchemaProfile fromJson(const QByteArray &json, const QString &source);
    static SchemaProfile fromFile(const QString &path);
    // The profile of the bundled demo database.
    static SchemaProfile demo();

    // Every table and column the profile names, with the kind of type it
    // must have, for the catalog check.
    struct ColumnNeed
    {
        QString table;
        QString column;
        QString typeClass; // any, integer, time, text, flag
        QString usedFor;   // "charges.amount"
    };
    QVector<ColumnNeed> columnNeeds() const;
};

} // namespace payops::schema
