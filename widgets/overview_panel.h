#pragma once

#include "core/finding.h"
#include "detect/incidents.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace payops {

class FindingsTimeline;

// The on-call engineer's start: the incidents of the last scan (its
// findings until they are grouped) by severity with the money at stake per
// currency, a timeline of the findings across
// the data's days, and what the last scan and the last watch run saw.
class OverviewPanel : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPanel(QWidget *parent = nullptr);

    void clear();
    void addFinding(const Finding &finding);
    void scanStarted();
    // `detectors`: the findings panel's line of what each detector did.
    void scanFinished(const QString &detectors);
    // Once the scan has grouped its findings: the table and the headline
    // count incidents, and each incident's money once.
    void setIncidents(const QVector<detect::Incident> &incidents);
    // What payops watch last did on this database (WatchDialog::statusWords).
    void setWatchText(const QString &text);
    QString lastWatchText() const;

    QTreeWidget *severityTable() const { return m_severities; }
    FindingsTimeline *timeline() const { return m_timeline; }
    QString lastScanText() const;

private:
    void updateSeverities();

    QLabel *m_headline;
    QTreeWidget *m_severities;
    FindingsTimeline *m_timeline;
    QLabel *m_lastScan;
    QLabel *m_lastWatch;
    QVector<Finding> m_findings;
    QVector<detect::Incident> m_incidents; // empty until the scan has grouped
};

} // namespace payops
