#pragma once

#include "ops/batch_review.h"

#include <QMap>
#include <QWizardPage>

class QLabel;
class QPushButton;

namespace payops {

class MoneyWizard;

// Step 5: submit the drafts to their case for a second person's approval,
// as a restore is submitted. The page shows, batch by batch, what the
// approver will read (the case, the description, the items and the
// money); Submit freezes every draft (its content hash) and puts it in the
// Approvals queue. A claw-back and its write-off are approved each on its
// own.
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
    // The batches as last read, in the wizard's order; a batch not read
    // yet is missing.
    QVector<ops::BatchReview> reviews() const;
    // The state every batch is in when they agree ("submitted"), else empty.
    QString commonState() const;

signals:
    void reviewShown(const QString &state);

private:
    void showReview(const ops::BatchReview &review);
    void showAll();

    MoneyWizard *m_wizard;
    QMap<qint64, ops::BatchReview> m_reviews;
    QLabel *m_batch;
    QLabel *m_state;
    QPushButton *m_submit;
};

} // namespace payops
