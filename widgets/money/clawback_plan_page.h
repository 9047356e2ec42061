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

class ClawbackPeopleModel;
class MoneyWizard;
class RowsTableModel;

// Step 2 of a claw-back: the plan per investor, as the engine made it
// (money::planClawbacks): what each was paid twice, holds now and moved
// out since, so what can be taken back now and what will be written off,
// with the totals of both per currency and the payouts left out. It says
// plainly that each claw-back item waits for its investor's agreement,
// recorded by support on the case's roster. Nothing is written.
class ClawbackPlanPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ClawbackPlanPage(MoneyWizard *wizard);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    int nextId() const override;

    QLabel *summary() const { return m_summary; }
    QLabel *consent() const { return m_consent; }
    QLabel *status() const { return m_status; }
    QTabWidget *tabs() const { return m_tabs; }
    ClawbackPeopleModel *people() const { return m_people; }
    QTableView *peopleView() const { return m_peopleView; }
    // Currency, investors, paid twice, recoverable now, to write off.
    RowsTableModel *totals() const { return m_totals; }
    RowsTableModel *skipped() const { return m_skipped; }

signals:
    void planShown();

private:
    void showPlan(const workspace::PlannedMoney &planned);
    void showFailure(const QString &step, const QString &message);

    MoneyWizard *m_wizard;
    bool m_planning = false;
    QProgressBar *m_bar;
    QLabel *m_status;
    QPushButton *m_cancel;
    QLabel *m_summary;
    QLabel *m_consent;
    QTabWidget *m_tabs;
    ClawbackPeopleModel *m_people;
    QSortFilterProxyModel *m_filtered;
    QLineEdit *m_filter;
    QTableView *m_peopleView;
    RowsTableModel *m_totals;
    RowsTableModel *m_skipped;
};

} // namespace payops
