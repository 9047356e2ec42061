#pragma once

#include "core/finding.h"
#include "schema/schema_profile.h"

#include <QSet>

namespace payops::db {
class Session;
}

namespace payops::detect {

// One incident: the findings that describe the same damage, with the rows
// the evidence agrees on as its headline. The detectors see an incident
// from several sides (a burst of new subscriptions, the charges they made
// on closed accounts); an operator repairs it once.
struct Incident
{
    QString title;
    Severity severity = Severity::Info; // the most severe of its findings
    // The rows the incident is about, as a finding: counts, users, totals,
    // window and the SQL that lists them. Its title is the incident's.
    Finding headline;
    // How the headline's rows were chosen, in a sentence.
    QString headlineRule;
    // Every finding of the incident, most severe first; the headline's
    // rows are those of evidence[headlineSource], maybe narrowed.
    QVector<Finding> evidence;
    QVector<int> findingIndexes; // of the evidence, in the findings grouped
    int headlineSource = 0;
    QDateTime windowStart; // spanning all its findings
    QDateTime windowEnd;
};

// What a case opened for the incident holds after its headline: each of its
// findings whose rows differ from the headline's (the source finding, when
// the headline is its rows whole, is in the case already).
QVector<Finding> findingsBesideHeadline(const Incident &incident);

// The users each finding names (its rows' user_id), as text.
using FindingUsers = QVector<QSet<QString>>;

// Which findings belong together, as groups of indices into `findings`
// (each index in exactly one group, groups in the findings' order). Two
// findings are linked when their windows overlap (an hour's slack) and
// at least half of the users of the one with fewer users, and at least
// three, are users of the other; links are transitive. A finding that
// names no users stands alone.
QVector<QVector<int>> groupFindings(const QVector<Finding> &findings, const FindingUsers &users);

// Groups a scan's findings (sorted, most severe first) into incidents,
// most severe first, then by money at stake. Reads each finding's users
// and the headline rows through the session (read-only).
QVector<Incident> groupIntoIncidents(db::Session &session, const schema::SchemaProfile &profile,
                                     const QVector<Finding> &findings);

} // namespace payops::detect

#include <QMetaType>
Q_DECLARE_METATYPE(payops::detect::Incident)
