#pragma once

#include "core/finding.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace payops {

class FindingsTimeline;

// The on-call engineer's start: the findings of the last scan by severity
// with the money at stake per currency, a timeline of the findings across
// the data's days, and what the last scan saw (when it ran, its detectors).
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

    QTreeWidget *severityTable() const { return m_severities; }
    FindingsTimeline *timeline() const { return m_timeline; }
    QString lastScanText() const;

private:
    void updateSeverities();

    QLabel *m_headline;
    QTreeWidget *m_severities;
    FindingsTimeline *m_timeline;
    QLabel *m_lastScan;
    QVector<Finding> m_findings;
};

} // namespace payops
