#include "overview_panel.h"

#include "core/wording.h"
#include "findings_timeline.h"
#include "severity_colors.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace payops {

namespace {
QString findingsInWords(int count)
{
    return count == 1 ? QObject::tr("1 finding")
                      : QObject::tr("%1 findings").arg(formatCount(count));
}
} // namespace

OverviewPanel::OverviewPanel(QWidget *parent)
    : QWidget(parent)
    , m_headline(new QLabel(this))
    , m_severities(new QTreeWidget(this))
    , m_timeline(new FindingsTimeline(this))
    , m_lastScan(new QLabel(this))
    , m_lastWatch(new QLabel(this))
{
    setObjectName(QStringLiteral("overviewPanel"));
    m_headline->setObjectName(QStringLiteral("overviewHeadline"));
    m_headline->setStyleSheet(QStringLiteral("font-size: 14pt; font-weight: bold;"));
    m_headline->setWordWrap(true);
    m_severities->setObjectName(QStringLiteral("overviewSeverities"));
    m_severities->setHeaderLabels({tr("Severity"), tr("Open findings"), tr("Money at stake")});
    m_severities->setRootIsDecorated(false);
    m_severities->setSelectionMode(QAbstractItemView::NoSelection);
    m_severities->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_severities->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_severities->header()->setStretchLastSection(true);
    m_severities->setMaximumHeight(150);
    m_lastScan->setObjectName(QStringLiteral("overviewLastScan"));
    m_lastScan->setWordWrap(true);
    m_lastScan->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lastWatch->setObjectName(QStringLiteral("overviewLastWatch"));
    m_lastWatch->setWordWrap(true);
    m_lastWatch->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *timelineTitle = new QLabel(tr("<b>Findings across the data's days</b> (UTC; a bar "
                                        "spans a finding's time window)"),
                                     this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_timeline);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_severities);
    layout->addWidget(timelineTitle);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_lastScan);
    layout->addWidget(m_lastWatch);
    clear();
}

void OverviewPanel::clear()
{
    m_lastWatch->clear();
    m_findings.clear();
    m_incidents.clear();
    m_timeline->clear();
    m_lastScan->setText(tr("No scan yet: connect to a billing database (File → Connect…)."));
    updateSeverities();
}

void OverviewPanel::addFinding(const Finding &finding)
{
    m_findings << finding;
    m_timeline->addFinding(finding);
    updateSeverities();
}

void OverviewPanel::scanStarted()
{
    m_findings.clear();
    m_incidents.clear();
    m_timeline->clear();
    updateSeverities();
    m_lastScan->setText(
        tr("Scanning since %1…").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
}

void OverviewPanel::scanFinished(const QString &detectors)
{
    m_lastScan->setText(
        tr("<b>Last scan</b> finished at %1 with %2. %3")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                 findingsInWords(int(m_findings.size())), detectors.toHtmlEscaped()));
}

QString OverviewPanel::lastScanText() const
{
    return m_lastScan->text();
}

void OverviewPanel::setWatchText(const QString &text)
{
    m_lastWatch->setText(tr("<b>Watch</b>: %1").arg(text.toHtmlEscaped()));
}

QString OverviewPanel::lastWatchText() const
{
    return m_lastWatch->text();
}

void OverviewPanel::setIncidents(const QVector<detect::Incident> &incidents)
{
    m_incidents = incidents;
    updateSeverities();
}

void OverviewPanel::updateSeverities()
{
    m_severities->clear();
    // Incidents once the scan has grouped them (their headlines' money, each
    // record once), the findings as they arrive until then.
    const bool grouped = !m_incidents.isEmpty();
    QVector<Finding> shown;
    if (grouped)
        for (const detect::Incident &incident : m_incidents)
            shown << incident.headline;
    else
        shown = m_findings;
    m_severities->setHeaderLabels({tr("Severity"),
                                   grouped ? tr("Open incidents") : tr("Open findings"),
                                   tr("Money at stake")});
    MoneyTotals all;
    for (int level = int(Severity::Critical); level >= int(Severity::Info); --level) {
        const auto severity = Severity(level);
        int count = 0;
        MoneyTotals money;
        for (const Finding &f : shown) {
            if (f.severity != severity)
                continue;
            ++count;
            for (const QString &currency : f.totals.currencies()) {
                money.add(currency, f.totals.minorFor(currency));
                all.add(currency, f.totals.minorFor(currency));
            }
        }
        if (count == 0)
            continue;
        auto *item = new QTreeWidgetItem(m_severities);
        item->setText(0, severityName(severity).toUpper());
        item->setForeground(0, QColor(severityColor(severity)));
        item->setText(1, formatCount(count));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(2, money.isEmpty() ? tr("no money") : money.toDisplayString());
    }
    const QString money = all.isEmpty() ? tr("none") : all.toDisplayString();
    m_headline->setText(m_findings.isEmpty() ? tr("Nothing found yet.")
                        : grouped
                            ? tr("%1 open, from %2; money at stake: %3")
                                  .arg(counted(m_incidents.size(), QStringLiteral("incident")),
                                       findingsInWords(int(m_findings.size())), money)
                            : tr("%1 open; money at stake: %2")
                                  .arg(findingsInWords(int(m_findings.size())), money));
}

} // namespace payops
