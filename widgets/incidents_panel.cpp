#include "incidents_panel.h"

#include "core/wording.h"
#include "severity_colors.h"
#include "tree_columns.h"

#include <QColor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace payops {

namespace {

constexpr int kIncidentRole = Qt::UserRole + 1; // row of the incident
constexpr int kEvidenceRole = Qt::UserRole + 2; // index in its evidence; -1: the headline

QString windowText(const QDateTime &start, const QDateTime &end)
{
    if (!start.isValid())
        return QObject::tr("whole history");
    const QString from = start.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    const QString to = end.toUTC().toString(
        start.date() == end.date() ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm"));
    // Two lines: the Incident column keeps the width.
    return QObject::tr("%1 –\n%2 UTC").arg(from, to);
}

// One currency a line, so the column stays narrow and the titles keep
// the width.
QString moneyLines(const Finding &f)
{
    return moneyText(f).replace(QStringLiteral("; "), QStringLiteral("\n"));
}

} // namespace

IncidentsPanel::IncidentsPanel(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_openCase(new QPushButton(tr("Open case with all its findings…"), this))
{
    setObjectName(QStringLiteral("incidentsPanel"));
    m_status->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("incidentsTree"));
    m_tree->setHeaderLabels(
        {tr("Severity"), tr("Incident"), tr("Money at stake"), tr("Users"), tr("When")});
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    fitColumnsButStretch(m_tree->header(), 5, 1);
    m_openCase->setObjectName(QStringLiteral("incidentOpenCase"));
    connect(m_tree, &QTreeWidget::itemClicked, this, &IncidentsPanel::itemChosen);
    connect(m_tree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *item) { itemChosen(item); });
    connect(m_openCase, &QPushButton::clicked, this, [this] {
        if (const int row = currentIncident(); row >= 0)
            emit openCaseRequested(m_incidents.at(row));
    });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_openCase);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);
    clear();
}

void IncidentsPanel::clear()
{
    m_incidents.clear();
    m_tree->clear();
    updateOpenCase();
    m_status->setText(
        tr("No scan yet: incidents appear here once a scan has grouped its findings."));
}

void IncidentsPanel::scanStarted()
{
    clear();
    m_status->setText(tr("Scanning: the findings are grouped into incidents when every detector "
                         "has finished."));
}

void IncidentsPanel::setIncidents(const QVector<detect::Incident> &incidents)
{
    m_incidents = incidents;
    m_tree->clear();
    qsizetype findings = 0;
    for (int row = 0; row < incidents.size(); ++row) {
        const detect::Incident &incident = incidents[row];
        findings += incident.evidence.size();
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(0, severityName(incident.severity).toUpper());
        item->setForeground(0, QColor(severityColor(incident.severity)));
        item->setText(1, incident.title);
        item->setToolTip(1, incident.title + QStringLiteral("\n") + incident.headlineRule);
        item->setText(2, moneyLines(incident.headline));
        item->setText(3, formatCount(incident.headline.userCount));
        // When the headline's rows happened; its findings below say their own.
        item->setText(4, windowText(incident.headline.windowStart, incident.headline.windowEnd));
        item->setData(0, kIncidentRole, row);
        item->setData(0, kEvidenceRole, -1);
        if (incident.evidence.size() < 2)
            continue;
        for (int e = 0; e < incident.evidence.size(); ++e) {
            const Finding &f = incident.evidence[e];
            auto *child = new QTreeWidgetItem(item);
            child->setText(0, severityName(f.severity));
            child->setForeground(0, QColor(severityColor(f.severity)));
            child->setToolTip(1, f.title);
            child->setText(1, e == incident.headlineSource
                                  ? tr("%1 (the headline's rows)").arg(f.title)
                                  : f.title);
            child->setText(2, moneyLines(f));
            child->setText(3, formatCount(f.userCount));
            child->setText(4, windowText(f.windowStart, f.windowEnd));
            child->setData(0, kIncidentRole, row);
            child->setData(0, kEvidenceRole, e);
        }
    }
    m_status->setText(
        incidents.isEmpty()
            ? tr("No incidents: the last scan found nothing.")
            : tr("%1 from %2, grouped where findings name the same users at the same time; "
                 "an incident's row shows the rows the evidence agrees on, its findings below it.")
                  .arg(counted(incidents.size(), QStringLiteral("incident")),
                       counted(findings, QStringLiteral("finding"))));
}

void IncidentsPanel::select(int row)
{
    QTreeWidgetItem *item = m_tree->topLevelItem(row);
    m_tree->setCurrentItem(item);
}

QString IncidentsPanel::statusText() const
{
    return m_status->text();
}

int IncidentsPanel::currentIncident() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, kIncidentRole).toInt() : -1;
}

void IncidentsPanel::itemChosen(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const int row = item->data(0, kIncidentRole).toInt();
    const int evidence = item->data(0, kEvidenceRole).toInt();
    if (row < 0 || row >= m_incidents.size())
        return;
    const detect::Incident &incident = m_incidents.at(row);
    updateOpenCase();
    emit findingChosen(evidence < 0 ? incident.headline : incident.evidence.value(evidence));
}

void IncidentsPanel::setCaseAllowed(bool allowed, const QString &refusal)
{
    m_caseAllowed = allowed;
    m_caseRefusal = refusal;
    updateOpenCase();
}

void IncidentsPanel::updateOpenCase()
{
    const int row = currentIncident();
    const bool picked = row >= 0 && row < m_incidents.size();
    m_openCase->setEnabled(m_caseAllowed && picked);
    m_openCase->setToolTip(!m_caseAllowed ? m_caseRefusal
                           : !picked      ? tr("Pick an incident first.")
                                     : tr("A new case holding the incident's headline and its %1.")
                                           .arg(counted(m_incidents.at(row).evidence.size(),
                                                        QStringLiteral("finding"))));
}

} // namespace payops
