#pragma once

#include "ops/batch_review.h"

#include <QMap>
#include <QWizardPage>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace payops {

class MoneyWizard;
class RowsTableModel;

// Step 4: the database's own answer (payops.dry_run, as for a restore),
// for every batch drafted. Every item is checked in a transaction the
// database rolls back: its cap (never more than may still be refunded,
// reversed or taken back), its currency, and the row a ledger refund or a
// claw-back would write. Items for a provider answer "would send", for an
// acquirer "would hand over"; the page counts the answers and lists them
// item by item, batch by batch. Nothing is sent or kept.
class MoneyDryRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneyDryRunPage(MoneyWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QLabel *counts() const { return m_counts; }
    RowsTableModel *items() const { return m_items; }
    // answer in words -> items, over all the batches
    const QMap<QString, qint64> &perAnswer() const { return m_perAnswer; }
    // The same for one batch.
    QMap<QString, qint64> perAnswerOf(qint64 batchId) const { return m_perBatch.value(batchId); }

signals:
    void dryRunShown();

private:
    void showAnswer(qint64 batchId, const QVector<ops::DryRunItem> &items);
    void showAll();

    MoneyWizard *m_wizard;
    bool m_done = false;
    QMap<QString, qint64> m_perAnswer;
    QMap<qint64, QMap<QString, qint64>> m_perBatch;
    QMap<qint64, QVector<ops::DryRunItem>> m_answers; // batch -> its items' answers
    QLabel *m_header;
    QLabel *m_counts;
    QLineEdit *m_filter;
    RowsTableModel *m_items;
    QSortFilterProxyModel *m_filtered;
    QTableView *m_view;
};

} // namespace payops
