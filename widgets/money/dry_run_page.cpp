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
    , m_items(new RowsTableModel({tr("Batch"), tr("Item"), tr("Moved against"), tr("Amount"),
                                  tr("The database's answer"), tr("Why")},
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
    m_items->setRightAligned({0, 1, 2, 3});
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
    m_perBatch.clear();
    m_answers.clear();
    m_items->setRows({});
    QStringList batches;
    for (const workspace::DraftedBatch &batch : m_wizard->batches())
        batches << tr("batch %1 (%2)")
                       .arg(batch.id)
                       .arg(money_words::itemsOfKind(batch.kind, batch.plan.items.size()));
    const bool clawback =
        m_wizard->planned().request.operation == workspace::MoneyOperation::Clawback;
    m_header->setText(
        tr("Drafts of case %1: %2. %3")
            .arg(m_wizard->caseId())
            .arg(batches.join(QStringLiteral(", ")),
                 clawback ? tr("“would take it back from the balance”: within the duplicate and "
                               "what the balance holds; when it runs, each waits for its "
                               "investor's agreement.")
                          : tr("“would send” or “would hand over”: within what may still be "
                               "moved against it and in its currency; the provider or the "
                               "acquirer is asked only when the approved batch runs.")));
    m_counts->setText(tr("Asking the database what each item would do…"));
    for (const workspace::DraftedBatch &batch : m_wizard->batches())
        m_wizard->runner()->dryRun(batch.id);
    emit completeChanged();
}

void MoneyDryRunPage::showAnswer(qint64 batchId, const QVector<ops::DryRunItem> &items)
{
    const auto &batches = m_wizard->batches();
    if (std::none_of(batches.cbegin(), batches.cend(),
                     [batchId](const workspace::DraftedBatch &b) { return b.id == batchId; }))
        return;
    m_answers.insert(batchId, items);
    if (m_answers.size() == batches.size())
        showAll();
}

void MoneyDryRunPage::showAll()
{
    QVector<QStringList> rows;
    for (const workspace::DraftedBatch &batch : m_wizard->batches()) {
        const QString noun = batch.kind == u"refund"     ? tr("charge")
                             : batch.kind == u"reversal" ? tr("refund")
                                                         : tr("payout");
        QMap<QString, qint64> &perAnswer = m_perBatch[batch.id];
        for (const ops::DryRunItem &item : m_answers.value(batch.id)) {
            const QString answer = money_words::dryRunEffect(batch.kind, item.effect, item.reason);
            ++m_perAnswer[answer];
            ++perAnswer[answer];
            // Items are numbered from 1 in the draft's order (payops.add_batch_items).
            const int index = item.itemNo - 1;
            const bool known = index >= 0 && index < batch.plan.items.size();
            rows.append({QString::number(batch.id), QString::number(item.itemNo),
                         known ? QStringLiteral("%1 %2").arg(noun, batch.keys.value(index))
                               : restore_words::row(item.key),
                         known ? Money{batch.plan.items[index].amountMinor,
                                       batch.plan.items[index].currency}
                                     .toDisplayString()
                               : QString(),
                         answer, item.detail});
        }
    }
    m_items->setRows(rows);
    m_view->resizeColumnsToContents();
    QStringList parts;
    for (auto it = m_perAnswer.cbegin(); it != m_perAnswer.cend(); ++it)
        parts << tr("<b>%1</b> %2").arg(formatCount(it.value()), it.key().toHtmlEscaped());
    m_counts->setText(
        tr("Of %1 items: %2.").arg(formatCount(rows.size()), parts.join(QStringLiteral("; "))));
    m_done = true;
    emit completeChanged();
    emit dryRunShown();
}

bool MoneyDryRunPage::isComplete() const
{
    return m_done;
}

} // namespace payops
