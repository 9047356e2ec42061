#pragma once

#include "ops/batch_review.h"

#include <QMap>
#include <QWizardPage>

class QLabel;
class QSortFilterProxyModel;
class QLineEdit;
class QTableView;

namespace payops {

class RestoreWizard;
class RowsTableModel;

// Step 3: the database's own answer. payops.dry_run applies every item of
// the draft in a transaction it rolls back and says, per item, what it
// would do (put back, values put back, or the conflict and why); the page
// counts the answers per effect and lists them item by item.
class DryRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit DryRunPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QLabel *counts() const { return m_counts; }
    RowsTableModel *items() const { return m_items; }
    // effect in words -> items
    const QMap<QString, qint64> &perEffect() const { return m_perEffect; }

signals:
    void dryRunShown();

private:
    void showAnswer(qint64 batchId, const QVector<ops::DryRunItem> &items);

    RestoreWizard *m_wizard;
    bool m_done = false;
    QMap<QString, qint64> m_perEffect;
    QLabel *m_header;
    QLabel *m_counts;
    QLineEdit *m_filter;
    RowsTableModel *m_items;
    QSortFilterProxyModel *m_filtered;
    QTableView *m_view;
};

} // namespace payops
