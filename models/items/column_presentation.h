#pragma once

#include <QString>
#include <QTimeZone>

class QSettings;

namespace payops::items {

// How every table of the console shows a query's columns to a person: the
// one place that turns column names into words and raw values into what
// people read. The raw values stay in the models (export, tests, SQL); only
// what is shown goes through here.

// "amount_minor" -> "Amount", "user_id" -> "User", "waiting_for" ->
// "Waiting for", "row_key" -> "Row": known names from a fixed list, any
// other one with its underscores as spaces, its first letter capital and
// the suffixes _id, _minor and _at read as people say them.
QString columnHeader(const QString &column);

// Whether a column holds money in minor units ("amount_minor", "totals_minor").
bool isMoneyColumn(const QString &column);

// A value as a person reads it: an amount in minor units with its currency
// ("1,050.00 EUR"), a list of them ("1050 EUR; 300 USD") each formatted, a
// timestamp to the second in `zone` ("2026-04-20 06:00:07 UTC"), a JSON key
// of one member as its value (`{"id": 1000002910}` -> "1000002910") and of
// several as "id 7, part 2"; a detector's code in a reason or rule column
// in words ("parked_on_sentinel" -> "parked on the sentinel account"); SQL
// NULL as an empty cell. Anything else as it is.
QString displayValue(const QString &column, const QString &value, const QString &currency,
                     const QTimeZone &zone);

// A PostgreSQL timestamp's text ("2026-04-20 06:00:07.123456+00") to the
// second in `zone`; a null QString when the text is no timestamp.
QString displayTime(const QString &value, const QTimeZone &zone);

// Whether the text is a whole or decimal number, so it sorts and aligns as one.
bool looksNumeric(const QString &value);

// The operator's chosen time zone for times on screen: the setting
// "display/timeZone", an IANA id such as "UTC" or "Europe/Berlin"; the
// machine's own zone when unset or unknown (View → Time zone sets it).
inline constexpr const char *kTimeZoneSetting = "display/timeZone";
QTimeZone displayZone();
void setDisplayZone(const QByteArray &ianaId);
void loadDisplayZone(QSettings &settings);

} // namespace payops::items
