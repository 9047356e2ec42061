#pragma once

#include "ops/batch_review.h"

#include <QWizardPage>

class QLabel;
class QPushButton;

namespace payops {

class MoneyWizard;

// Step 5: submit the draft to its case for a second person's approval, as
// a restore is submitted. The page shows what the approver will read (the
// case, the description, the items and the money), freezes the batch
// (its content hash) and puts it in the Approvals queue.
class MoneySubmitPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneySubmitPage(MoneyWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QPushButton *submitButton() const { return m_submit; }
    QLabel *batch() const { return m_batch; }
    QLabel *state() const { return m_state; }
    const ops::BatchReview &review() const { return m_review; }

signals:
    void reviewShown(const QString &state);

private:
    void showReview(const ops::BatchReview &review);

    MoneyWizard *m_wizard;
    ops::BatchReview m_review;
    QLabel *m_batch;
    QLabel *m_state;
    QPushButton *m_submit;
};

} // namespace payops
