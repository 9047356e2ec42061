#include "findings_panel.h"

#include "severity_colors.h"
#include "tree_columns.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <tuple>

namespace payops {

namespace {
const int kFindingIndexRole = Qt::UserRole + 1;

// By severity, then by money at stake (stakeRank), then rows; never
// alphabetically by title, and never by the displayed text of a number
// ("9" > "10"). A click on another column's header sorts by that column.
class FindingItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        const auto key = [column](const QTreeWidgetItem &item) {
            const double severity = item.data(0, Qt::UserRole).toInt();
            const double stake = item.data(4, Qt::UserRole).toDouble();
            const double rows = item.data(2, Qt::UserRole).toDouble();
            switch (column) {
            case 2:
                return std::make_tuple(rows, stake, severity);
            case 3:
                return std::make_tuple(item.data(3, Qt::UserRole).toDouble(), stake, severity);
            case 4:
                return std::make_tuple(stake, rows, severity);
            default:
                return std::make_tuple(severity, stake, rows);
            }
        };
        if (column == 1)
            return text(1).localeAwareCompare(other.text(1)) < 0;
        return key(*this) < key(other);
    }
};
} // namespace

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent)
    , m_progress(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_progress);
    layout->addWidget(m_tree);
    m_progress->setObjectName(QStringLiteral("detectorProgress"));
    // Wraps between detectors only (each item's spaces do not break), and
    // keeps its place when empty, so the list below never jumps.
    m_progress->setWordWrap(true);
    m_progress->setMinimumHeight(m_progress->fontMetrics().lineSpacing() * 2 + 4);
    m_progress->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_tree->setObjectName(QStringLiteral("findingsTree"));
    m_tree->setHeaderLabels({tr("Severity"), tr("Finding"), tr("Rows"), tr("Users"), tr("Money")});
    m_tree->setRootIsDecorated(false);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(0, Qt::DescendingOrder);
    // The money is never cut off: its column is as wide as its widest total;
    // the title takes what is left and says itself in full in its tooltip.
    fitColumnsButStretch(m_tree->header(), 5, 1);
    m_tree->header()->setMinimumSectionSize(60);
    // Titles wrap instead of being cut; rows grow to their text.
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        m_chosen = true;
        const int index = item ? item->data(1, kFindingIndexRole).toInt() : -1;
        if (index >= 0 && index < m_findings.size())
            emit findingChosen(m_findings.at(index));
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const int index = item->data(1, kFindingIndexRole).toInt();
        if (index >= 0 && index < m_findings.size())
            emit findingSelected(m_findings.at(index));
    });
}

void FindingsPanel::clear()
{
    m_tree->clear();
    m_findings.clear();
    m_chosen = false;
    m_detectors.clear();
    m_detectorState.clear();
    updateProgress();
}

void FindingsPanel::addFinding(const Finding &finding)
{
    auto *item = new FindingItem(m_tree);
    item->setText(0, severityName(finding.severity).toUpper());
    item->setData(0, Qt::UserRole, int(finding.severity));
    item->setForeground(0, QColor(severityColor(finding.severity)));
    item->setText(1, finding.title);
    item->setToolTip(1,
                     QStringLiteral("<b>%1</b><br>%2")
                         .arg(finding.title.toHtmlEscaped(), finding.explanation.toHtmlEscaped()));
    item->setData(1, kFindingIndexRole, int(m_findings.size()));
    item->setText(2, formatCount(finding.rowCount));
    item->setData(2, Qt::UserRole, finding.rowCount);
    item->setText(3, formatCount(finding.userCount));
    item->setData(3, Qt::UserRole, finding.userCount);
    item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
    // One currency a line: the column stays narrow and no amount is cut.
    item->setText(4, moneyText(finding).replace(QStringLiteral("; "), QStringLiteral("\n")));
    item->setToolTip(4, moneyText(finding));
    item->setData(4, Qt::UserRole, stakeRank(finding.totals));
    m_findings << finding;
    // Until the operator picks one, the detail shows the most severe.
    if (!m_chosen && m_tree->currentItem() != m_tree->topLevelItem(0))
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
}

void FindingsPanel::addFailure(const QString &detector, const QString &message)
{
    auto *item = new FindingItem(m_tree);
    item->setText(0, tr("FAILED"));
    item->setData(0, Qt::UserRole, -1);
    item->setText(1, tr("%1: %2").arg(detector, message));
    item->setToolTip(1, message);
    item->setData(1, kFindingIndexRole, -1);
}

void FindingsPanel::detectorsStarted(const QStringList &detectors)
{
    m_detectors = detectors;
    m_detectorState.clear();
    for (const QString &d : detectors)
        m_detectorState.insert(d, tr("waiting"));
    updateProgress();
}

void FindingsPanel::detectorStarted(const QString &detector)
{
    m_detectorState.insert(detector, tr("running…"));
    updateProgress();
}

void FindingsPanel::detectorFinished(const QString &detector, int findings)
{
    m_detectorState.insert(detector, tr("done (%1)").arg(findings));
    updateProgress();
}

void FindingsPanel::detectorFailed(const QString &detector, const QString &message)
{
    m_detectorState.insert(detector, tr("failed"));
    updateProgress();
    addFailure(detector, message);
}

void FindingsPanel::detectorCancelled(const QString &detector)
{
    m_detectorState.insert(detector, tr("cancelled"));
    updateProgress();
}

QString FindingsPanel::progressText() const
{
    // As people read it (and tests compare it): plain spaces.
    return m_progress->text().replace(QChar(0x00A0), QLatin1Char(' '));
}

void FindingsPanel::updateProgress()
{
    QStringList parts;
    for (const QString &d : m_detectors)
        parts << tr("%1 %2").arg(d, m_detectorState.value(d));
    // Non-breaking spaces inside an item: a line wraps between items only.
    QString kept;
    for (const QString &part : parts) {
        QString item = part;
        item.replace(QLatin1Char(' '), QChar(0x00A0));
        kept += (kept.isEmpty() ? QString() : QStringLiteral(" · ")) + item;
    }
    m_progress->setText(parts.isEmpty() ? QString() : tr("Detectors: ") + kept);
}

int FindingsPanel::count() const
{
    return int(m_findings.size());
}

Finding FindingsPanel::findingAt(int row) const
{
    const QTreeWidgetItem *item = m_tree->topLevelItem(row);
    const int index = item ? item->data(1, kFindingIndexRole).toInt() : -1;
    return index >= 0 ? m_findings.value(index) : Finding();
}

int FindingsPanel::rowOf(const QString &detector, const QString &kind) const
{
    for (int row = 0; row < m_tree->topLevelItemCount(); ++row) {
        const Finding finding = findingAt(row);
        if (finding.detector == detector && (kind.isEmpty() || finding.kind == kind))
            return row;
    }
    return -1;
}

Finding FindingsPanel::currentFinding() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    const int index = item ? item->data(1, kFindingIndexRole).toInt() : -1;
    return index >= 0 && index < m_findings.size() ? m_findings.at(index) : Finding();
}

void FindingsPanel::select(int row)
{
    m_chosen = true;
    m_tree->setCurrentItem(m_tree->topLevelItem(row));
    if (const Finding finding = findingAt(row); !finding.title.isEmpty())
        emit findingChosen(finding);
}

} // namespace payops
