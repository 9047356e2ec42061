#include "dry_run_page.h"

#include "restore_wizard.h"
#include "restore_words.h"
#include "rows_table_model.h"

#include "core/money.h"
#include "workspace/restore_plan_runner.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

DryRunPage::DryRunPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_header(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_items(new RowsTableModel(
          {tr("Item"), tr("Table"), tr("Row"), tr("The database's answer"), tr("Why")}, this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
{
    setTitle(tr("Dry run"));
    setSubTitle(tr("The database applied every item in a transaction it then rolled back, and "
                   "says what each would do. Nothing was committed."));
    m_header->setWordWrap(true);
    m_counts->setObjectName(QStringLiteral("dryRunCounts"));
    m_counts->setWordWrap(true);
    m_counts->setTextFormat(Qt::RichText);
    m_filter->setPlaceholderText(tr("Filter the items (table, row, answer)…"));
    m_filter->setClearButtonEnabled(true);
    m_items->setRightAligned({0});
    m_filtered->setSourceModel(m_items);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filtered->setFilterKeyColumn(-1);
    m_view->setObjectName(QStringLiteral("dryRunItems"));
    m_view->setModel(m_filtered);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    connect(m_filter, &QLineEdit::textChanged, m_filtered,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::dryRunDone, this,
            &DryRunPage::showAnswer);
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::failed, this,
            [this](const QString &step, const QString &message) {
                if (m_wizard->currentPage() != this)
                    return;
                m_counts->setText(tr("<span style='color:#8e0000'>Could not %1: %2</span>")
                                      .arg(step, message.toHtmlEscaped()));
            });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_counts);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
}

void DryRunPage::initializePage()
{
    m_done = false;
    m_perEffect.clear();
    m_items->setRows({});
    m_header->setText(
        tr("Batch %1, a draft of case %2.").arg(m_wizard->batchId()).arg(m_wizard->caseId()));
    m_counts->setText(tr("Asking the database what each item would do…"));
    m_wizard->runner()->dryRun(m_wizard->batchId());
    emit completeChanged();
}

void DryRunPage::showAnswer(qint64 batchId, const QVector<ops::DryRunItem> &items)
{
    if (batchId != m_wizard->batchId())
        return;
    QVector<QStringList> rows;
    rows.reserve(items.size());
    for (const ops::DryRunItem &item : items) {
        const QString answer = restore_words::effect(item.effect, item.reason);
        ++m_perEffect[answer];
        rows.append({QString::number(item.itemNo), restore_words::table(item.table),
                     restore_words::row(item.key), answer, item.detail});
    }
    m_items->setRows(rows);
    m_view->resizeColumnsToContents();
    QStringList parts;
    for (auto it = m_perEffect.cbegin(); it != m_perEffect.cend(); ++it)
        parts << tr("<b>%1</b> %2").arg(formatCount(it.value()), it.key().toHtmlEscaped());
    m_counts->setText(
        tr("Of %1 items: %2.").arg(formatCount(items.size()), parts.join(QStringLiteral("; "))));
    m_done = true;
    emit completeChanged();
    emit dryRunShown();
}

bool DryRunPage::isComplete() const
{
    return m_done;
}

} // namespace payops
