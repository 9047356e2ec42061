#pragma once

#include "ops/batch_review.h"

#include <QMap>
#include <QWizardPage>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace payops {

class MoneyWizard;

// The last step: what comes next, which the console does not do. Finance
// approves each batch in Approvals (two approvers above the approval
// policy's threshold); then the operator executes it with payops batch
// run, which reads where the money goes from the items and needs the
// provider's key: the page shows the exact commands for these batches
// (the key from the keychain or PAYOPS_PROVIDER_KEY for an HTTP
// destination, --handover-dir for files) and the batches' states, checked
// again on demand.
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
    QMap<qint64, ops::BatchReview> m_reviews;

    MoneyWizard *m_wizard;
    QLabel *m_steps;
    QPlainTextEdit *m_command;
    QPushButton *m_copy;
    QLabel *m_state;
    QPushButton *m_check;
};

} // namespace payops
