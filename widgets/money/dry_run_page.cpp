#include "dry_run_page.h"

#include "money_wizard.h"
#include "money_words.h"

#include "core/money.h"
#include "widgets/restore/restore_words.h"
#include "widgets/restore/rows_table_model.h"
#include "workspace/money_plan_runner.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

MoneyDryRunPage::MoneyDryRunPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_header(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_items(new RowsTableModel(
          {tr("Item"), tr("Moved against"), tr("Amount"), tr("The database's answer"), tr("Why")},
          this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
{
    setTitle(tr("Dry run"));
    setSubTitle(tr("The database checked every item in a transaction it then rolled back, and "
                   "says what each would do. Nothing was sent or kept."));
    m_header->setWordWrap(true);
    m_counts->setObjectName(QStringLiteral("moneyDryRunCounts"));
    m_counts->setWordWrap(true);
    m_counts->setTextFormat(Qt::RichText);
    m_filter->setPlaceholderText(tr("Filter the items (key, amount, answer)…"));
    m_filter->setClearButtonEnabled(true);
    m_items->setRightAligned({0, 1, 2});
    m_filtered->setSourceModel(m_items);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filtered->setFilterKeyColumn(-1);
    m_view->setObjectName(QStringLiteral("moneyDryRunItems"));
    m_view->setModel(m_filtered);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    connect(m_filter, &QLineEdit::textChanged, m_filtered,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::dryRunDone, this,
            &MoneyDryRunPage::showAnswer);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::failed, this,
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

void MoneyDryRunPage::initializePage()
{
    m_done = false;
    m_perAnswer.clear();
    m_items->setRows({});
    m_header->setText(tr("Batch %1, a draft of case %2. “would send”: within what may still be "
                         "moved against it and in its currency; the provider is asked only "
                         "when the approved batch runs.")
                          .arg(m_wizard->batchId())
                          .arg(m_wizard->caseId()));
    m_counts->setText(tr("Asking the database what each item would do…"));
    m_wizard->runner()->dryRun(m_wizard->batchId());
    emit completeChanged();
}

void MoneyDryRunPage::showAnswer(qint64 batchId, const QVector<ops::DryRunItem> &items)
{
    if (batchId != m_wizard->batchId())
        return;
    const workspace::PlannedMoney &planned = m_wizard->planned();
    const QString noun = money_words::target(planned.request.operation).toLower();
    QVector<QStringList> rows;
    rows.reserve(items.size());
    for (const ops::DryRunItem &item : items) {
        const QString answer = money_words::dryRunEffect(item.effect, item.reason);
        ++m_perAnswer[answer];
        // Items are numbered from 1 in the plan's order (payops.add_batch_items).
        const int index = item.itemNo - 1;
        const bool known = index >= 0 && index < planned.plan.items.size();
        rows.append({QString::number(item.itemNo),
                     known ? QStringLiteral("%1 %2").arg(noun, planned.keys.value(index))
                           : restore_words::row(item.key),
                     known ? Money{planned.plan.items[index].amountMinor,
                                   planned.plan.items[index].currency}
                                 .toDisplayString()
                           : QString(),
                     answer, item.detail});
    }
    m_items->setRows(rows);
    m_view->resizeColumnsToContents();
    QStringList parts;
    for (auto it = m_perAnswer.cbegin(); it != m_perAnswer.cend(); ++it)
        parts << tr("<b>%1</b> %2").arg(formatCount(it.value()), it.key().toHtmlEscaped());
    m_counts->setText(
        tr("Of %1 items: %2.").arg(formatCount(items.size()), parts.join(QStringLiteral("; "))));
    m_done = true;
    emit completeChanged();
    emit dryRunShown();
}

bool MoneyDryRunPage::isComplete() const
{
    return m_done;
}

} // namespace payops
