#pragma once

#include "restore/restore_plan.h"

#include <QWizardPage>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace payops {

class QueryTableModel;
class RestoreWizard;
class RowsTableModel;

// Step 2: the plan, as the engine made it (RestorePlanner): the tables in
// the order they are put back with their rows, each class of conflict with
// its rows (left alone, never forced), the accounts, the money the rows
// carry per currency, and the rows the backup cannot attribute. Below, the
// case it is drafted into and the description the approver reads; Next
// drafts the batch.
class PlanPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit PlanPage(RestoreWizard *wizard);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

    QLabel *summary() const { return m_summary; }
    QLabel *status() const { return m_status; }
    RowsTableModel *perTable() const { return m_perTable; }
    RowsTableModel *money() const { return m_money; }
    RowsTableModel *unresolved() const { return m_unresolved; }
    QTreeWidget *conflicts() const { return m_conflicts; }
    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *caseChoice() const { return m_case; }
    QPlainTextEdit *description() const { return m_description; }

signals:
    void planShown();

private:
    void showPlan(const restore::RestorePlan &plan);
    void showFailure(const QString &step, const QString &message);
    void fillCases();
    QString describe(const restore::RestorePlan &plan) const;

    RestoreWizard *m_wizard;
    bool m_drafting = false;
    QProgressBar *m_bar;
    QLabel *m_status;
    QPushButton *m_cancel;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    RowsTableModel *m_perTable;
    QTreeWidget *m_conflicts;
    RowsTableModel *m_users;
    RowsTableModel *m_money;
    RowsTableModel *m_unresolved;
    QComboBox *m_case;
    QPlainTextEdit *m_description;
    QueryTableModel *m_cases;
};

} // namespace payops
