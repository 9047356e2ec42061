#include "findings_panel.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace payops {

namespace {
const int kFindingIndexRole = Qt::UserRole + 1;

QString severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
    case Severity::High:
        return QStringLiteral("#c62828");
    case Severity::Medium:
        return QStringLiteral("#ef8f00");
    case Severity::Low:
        return QStringLiteral("#1565c0");
    case Severity::Info:
        break;
    }
    return QStringLiteral("#616161");
}

// Sorts by severity, then by rows at stake; never alphabetically by title.
class FindingItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const auto key = [](const QTreeWidgetItem &item) {
            return std::make_pair(item.data(0, Qt::UserRole).toInt(),
                                  item.data(2, Qt::UserRole).toLongLong());
        };
        return key(*this) < key(other);
    }
};
} // namespace

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    m_tree->setObjectName(QStringLiteral("findingsTree"));
    m_tree->setHeaderLabels({tr("Severity"), tr("Finding"), tr("Rows"), tr("Users")});
    m_tree->setRootIsDecorated(false);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(0, Qt::DescendingOrder);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
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
}

void FindingsPanel::addFinding(const Finding &finding)
{
    auto *item = new FindingItem(m_tree);
    item->setText(0, severityName(finding.severity).toUpper());
    item->setData(0, Qt::UserRole, int(finding.severity));
    item->setForeground(0, QColor(severityColor(finding.severity)));
    item->setText(1, finding.title);
    item->setToolTip(1, finding.explanation);
    item->setData(1, kFindingIndexRole, int(m_findings.size()));
    item->setText(2, formatCount(finding.rowCount));
    item->setData(2, Qt::UserRole, finding.rowCount);
    item->setText(3, formatCount(finding.userCount));
    item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
    m_findings << finding;
    if (!m_tree->currentItem())
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

void FindingsPanel::select(int row)
{
    m_tree->setCurrentItem(m_tree->topLevelItem(row));
}

} // namespace payops
