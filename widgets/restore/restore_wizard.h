#pragma once

#include "ops/batch_review.h"
#include "restore/restore_plan.h"
#include "restore_start.h"
#include "workspace/restore_request.h"

#include <QWizard>

namespace payops {

class DryRunPage;
class ExecutePage;
class PlanPage;
class SelectPage;
class SubmitPage;
class VerifyPage;
namespace workspace {
class BatchExecutionRunner;
class RestorePlanRunner;
class Workspace;
} // namespace workspace

// The guided restore from a backup, one page per step: choose what to put
// back, read the plan, see the database's own dry run, submit it to a
// case for a second person's approval, execute it once approved, verify
// it against the backup. The wizard holds the restore's state (request,
// plan, case, batch); each page is its own file and asks the workspace's
// runners, which do the database work (never on the GUI thread). Opened
// from a case, it resumes the case's restore batch at its current step.
class RestoreWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { Select, Plan, DryRun, Submit, Execute, Verify };

    // The wizard must not outlive `workspace` (the main window closes it
    // with the connection).
    RestoreWizard(const RestoreStart &start, workspace::Workspace &workspace,
                  QWidget *parent = nullptr);

    workspace::Workspace &workspace() const { return m_workspace; }
    workspace::RestorePlanRunner *runner() const { return m_runner; }
    // The execution of the wizard's batch, made when first asked.
    workspace::BatchExecutionRunner *execution();
    const RestoreStart &start() const { return m_start; }

    const workspace::RestoreRequest &request() const { return m_request; }
    void setRequest(const workspace::RestoreRequest &request);
    const restore::RestorePlan &plan() const { return m_plan; }
    bool isPlanned() const { return m_planned; }
    void setPlan(const restore::RestorePlan &plan);
    qint64 caseId() const { return m_caseId; }
    qint64 batchId() const { return m_batchId; }
    void setBatch(qint64 caseId, qint64 batchId);
    // The backup the restore reads (the request's, or the one a resumed
    // batch names in its description).
    BackupSource backup() const { return m_request.backup; }

    SelectPage *selectPage() const { return m_select; }
    PlanPage *planPage() const { return m_planPage; }
    DryRunPage *dryRunPage() const { return m_dryRun; }
    SubmitPage *submitPage() const { return m_submit; }
    ExecutePage *executePage() const { return m_execute; }
    VerifyPage *verifyPage() const { return m_verify; }

signals:
    // For the main window: the approvals queue and the cases panel change.
    void batchDrafted(qint64 caseId, qint64 batchId);
    void batchSubmitted(qint64 caseId, qint64 batchId);
    void batchExecuted(qint64 caseId, qint64 batchId);
    void verificationRecorded(qint64 caseId);
    // A resumed case's restore was found and the wizard moved to its step.
    void resumed(int pageId);

private:
    void resumeCase(qint64 caseId);
    void resumeAt(const ops::BatchReview &review);

    workspace::Workspace &m_workspace;
    RestoreStart m_start;
    workspace::RestorePlanRunner *m_runner;
    workspace::BatchExecutionRunner *m_execution = nullptr;
    workspace::RestoreRequest m_request;
    restore::RestorePlan m_plan;
    bool m_planned = false;
    qint64 m_caseId = 0;
    qint64 m_batchId = 0;
    bool m_resuming = false;
    SelectPage *m_select;
    PlanPage *m_planPage;
    DryRunPage *m_dryRun;
    SubmitPage *m_submit;
    ExecutePage *m_execute;
    VerifyPage *m_verify;
};

} // namespace payops
