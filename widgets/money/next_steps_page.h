#pragma once

#include "ops/batch_review.h"

#include <QWizardPage>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace payops {

class MoneyWizard;

// The last step: what comes next, which the console does not do. Finance
// approves the batch in Approvals (two approvers above the approval
// policy's threshold); then the operator executes it with payops batch
// run, which needs the provider's credentials: the page shows the exact
// command for this batch (its destination, environment and database) and
// the batch's state, checked again on demand.
class MoneyNextStepsPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneyNextStepsPage(MoneyWizard *wizard);

    void initializePage() override;

    QPlainTextEdit *command() const { return m_command; }
    QLabel *state() const { return m_state; }
    QPushButton *checkButton() const { return m_check; }

signals:
    void stateShown(const QString &state);

private:
    void showReview(const ops::BatchReview &review);

    MoneyWizard *m_wizard;
    QLabel *m_steps;
    QPlainTextEdit *m_command;
    QPushButton *m_copy;
    QLabel *m_state;
    QPushButton *m_check;
};

} // namespace payops
