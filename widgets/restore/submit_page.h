#pragma once

#include "ops/batch_review.h"

#include <QWizardPage>

class QLabel;
class QPushButton;

namespace payops {

class RestoreWizard;

// Step 4: submit the draft to its case for a second person's approval. The
// page shows what the approver will read (the case, the description with
// the plan's summary and money, the items), freezes the batch (its content
// hash), and then waits: the batch is in the approvals queue, and the next
// step opens only once someone else approved it.
class SubmitPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SubmitPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QPushButton *submitButton() const { return m_submit; }
    QPushButton *checkButton() const { return m_check; }
    QLabel *state() const { return m_state; }
    const ops::BatchReview &review() const { return m_review; }

signals:
    void reviewShown(const QString &state);

private:
    void showReview(const ops::BatchReview &review);

    RestoreWizard *m_wizard;
    ops::BatchReview m_review;
    QLabel *m_batch;
    QLabel *m_state;
    QPushButton *m_submit;
    QPushButton *m_check;
};

} // namespace payops
