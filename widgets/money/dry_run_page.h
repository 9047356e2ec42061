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

// Step 4: the database's own answer (payops.dry_run, as for a restore).
// Every item of the draft is checked in a transaction the database rolls
// back: its cap (never more than may still be refunded or reversed), its
// currency, and for a ledger refund the row it would write. Items for a
// provider answer "would send"; the page counts the answers and lists
// them item by item. Nothing is sent or kept.
class MoneyDryRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneyDryRunPage(MoneyWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QLabel *counts() const { return m_counts; }
    RowsTableModel *items() const { return m_items; }
    // answer in words -> items
    const QMap<QString, qint64> &perAnswer() const { return m_perAnswer; }

signals:
    void dryRunShown();

private:
    void showAnswer(qint64 batchId, const QVector<ops::DryRunItem> &items);

    MoneyWizard *m_wizard;
    bool m_done = false;
    QMap<QString, qint64> m_perAnswer;
    QLabel *m_header;
    QLabel *m_counts;
    QLineEdit *m_filter;
    RowsTableModel *m_items;
    QSortFilterProxyModel *m_filtered;
    QTableView *m_view;
};

} // namespace payops
