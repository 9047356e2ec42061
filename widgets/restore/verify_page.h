#pragma once

#include "restore/restore_verify.h"

#include <QWizardPage>

class QLabel;
class QListWidget;

namespace payops {

class RestoreWizard;

// Step 6: verify. The rows the restore wrote, and only those, compared
// again with the backup: each row put back equals its backup row, each
// value put back its backup value. The outcome is written to the case's
// timeline.
class VerifyPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit VerifyPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QLabel *verdict() const { return m_verdict; }
    QLabel *recorded() const { return m_recorded; }
    const restore::VerifyReport &report() const { return m_report; }

signals:
    void verifiedShown(bool holds);

private:
    RestoreWizard *m_wizard;
    restore::VerifyReport m_report;
    bool m_done = false;
    QLabel *m_verdict;
    QListWidget *m_differing;
    QLabel *m_recorded;
};

} // namespace payops
