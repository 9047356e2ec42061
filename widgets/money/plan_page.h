#pragma once

#include "workspace/money_request.h"

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace payops {

class MoneyItemsModel;
class MoneyWizard;
class RowsTableModel;

// Step 2: the plan, as the engine made it (models/money): every item with
// the charge or refund it names, whose money it is, who moved it and the
// amount (for a refund what may still be refunded of the charge); the
// totals per currency; the items per acquirer or provider when the data
// names one; the rows left out and why; and the accounts, the people
// outreach will contact, which the operator can export as CSV.
class MoneyPlanPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneyPlanPage(MoneyWizard *wizard);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    int nextId() const override;

    QLabel *summary() const { return m_summary; }
    QLabel *status() const { return m_status; }
    QTabWidget *tabs() const { return m_tabs; }
    MoneyItemsModel *items() const { return m_items; }
    QTableView *itemsView() const { return m_itemsView; }
    RowsTableModel *totals() const { return m_totals; }
    RowsTableModel *providers() const { return m_providers; }
    RowsTableModel *skipped() const { return m_skipped; }
    RowsTableModel *accounts() const { return m_accounts; }
    QPushButton *exportButton() const { return m_export; }
    // Writes the accounts as CSV (account, e-mail, name, items, amount,
    // currency: one line per account and currency); the lines written, or
    // -1 when the file could not be written.
    qint64 exportAccounts(const QString &path) const;

signals:
    void planShown();
    void accountsExported(const QString &path, qint64 lines);

private:
    void showPlan(const workspace::PlannedMoney &planned);
    void showFailure(const QString &step, const QString &message);

    MoneyWizard *m_wizard;
    bool m_planning = false; // a plan is on its way: an earlier one is not the one to go on with
    QProgressBar *m_bar;
    QLabel *m_status;
    QPushButton *m_cancel;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    MoneyItemsModel *m_items;
    QSortFilterProxyModel *m_filtered;
    QLineEdit *m_filter;
    QTableView *m_itemsView;
    RowsTableModel *m_totals;
    RowsTableModel *m_providers;
    RowsTableModel *m_skipped;
    RowsTableModel *m_accounts;
    QPushButton *m_export;
};

} // namespace payops
