#pragma once

#include "detect/incidents.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace payops {

// The last scan's incidents, most severe first: each a row with its
// severity, headline (rows, users, money, window) and the findings it
// groups as children, so the operator repairs one set, not three.
class IncidentsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit IncidentsPanel(QWidget *parent = nullptr);

    void clear();
    // While a scan runs, and once it has grouped its findings.
    void scanStarted();
    void setIncidents(const QVector<detect::Incident> &incidents);
    // Whether the person may open cases; `refusal` says why not (tooltip).
    void setCaseAllowed(bool allowed, const QString &refusal);

    int count() const { return int(m_incidents.size()); }
    const detect::Incident &incidentAt(int row) const { return m_incidents.at(row); }
    // Picks the incident's row as a click would.
    void select(int row);
    QTreeWidget *tree() const { return m_tree; }
    QPushButton *openCaseButton() const { return m_openCase; }
    QString statusText() const;

signals:
    // An incident's headline, or one of its findings, picked in the list.
    void findingChosen(const payops::Finding &finding);
    // Open case with every finding of the incident.
    void openCaseRequested(const payops::detect::Incident &incident);

private:
    void itemChosen(QTreeWidgetItem *item);
    int currentIncident() const;
    void updateOpenCase();

    QLabel *m_status;
    QTreeWidget *m_tree;
    QPushButton *m_openCase;
    QVector<detect::Incident> m_incidents;
    bool m_caseAllowed = true;
    QString m_caseRefusal;
};

} // namespace payops
