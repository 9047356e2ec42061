#pragma once

#include "core/finding.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace payops {

// The list of findings, most severe first, then by money at stake; updated
// as each detector finishes, with a line saying where each detector is.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    void clear();
    void addFinding(const Finding &finding);
    void addFailure(const QString &detector, const QString &message);
    int count() const;
    Finding findingAt(int row) const;
    // The finding highlighted in the list; empty title when none is.
    Finding currentFinding() const;
    void select(int row);
    // The row of the first finding of this detector and kind (any kind when
    // empty), or -1.
    int rowOf(const QString &detector, const QString &kind = {}) const;
    QString progressText() const;

public slots:
    // A scan's detectors, as the ScanRunner reports them.
    void detectorsStarted(const QStringList &detectors);
    void detectorStarted(const QString &detector);
    void detectorFinished(const QString &detector, int findings);
    void detectorFailed(const QString &detector, const QString &message);
    void detectorCancelled(const QString &detector);

signals:
    void findingSelected(const payops::Finding &finding);
    // A finding the person picked (a click, select()), not the top one
    // shown while nobody has chosen.
    void findingChosen(const payops::Finding &finding);

private:
    void updateProgress();

    QLabel *m_progress;
    QTreeWidget *m_tree;
    bool m_chosen = false;   // the operator picked a finding: stop following the top one
    QStringList m_detectors; // in scan order
    QHash<QString, QString> m_detectorState; // waiting, running…, done (n), failed
    QList<Finding> m_findings;
};

} // namespace payops
