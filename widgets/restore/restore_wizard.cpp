#include "restore_wizard.h"

#include "dry_run_page.h"
#include "execute_page.h"
#include "plan_page.h"
#include "select_page.h"
#include "submit_page.h"
#include "verify_page.h"

#include "workspace/batch_execution_runner.h"
#include "workspace/restore_plan_runner.h"
#include "workspace/workspace.h"

namespace payops {

RestoreWizard::RestoreWizard(const RestoreStart &start, workspace::Workspace &workspace,
                             QWidget *parent)
    : QWizard(parent)
    , m_workspace(workspace)
    , m_start(start)
    , m_runner(workspace.createRestorePlan(this))
{
    setObjectName(QStringLiteral("restoreWizard"));
    setWindowTitle(tr("Restore from a backup"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::HaveHelpButton, false);
    resize(1200, 800);
    m_select = new SelectPage(this);
    m_planPage = new PlanPage(this);
    m_dryRun = new DryRunPage(this);
    m_submit = new SubmitPage(this);
    m_execute = new ExecutePage(this);
    m_verify = new VerifyPage(this);
    setPage(Select, m_select);
    setPage(Plan, m_planPage);
    setPage(DryRun, m_dryRun);
    setPage(Submit, m_submit);
    setPage(Execute, m_execute);
    setPage(Verify, m_verify);
    setStartId(Select);
    // What a resumed batch names as its backup; the first one otherwise.
    m_request.backup = m_runner->backups().value(0);
    for (const BackupSource &backup : m_runner->backups())
        if (backup.name == start.backupName)
            m_request.backup = backup;
    if (start.caseId > 0 && !start.finding && start.user.isEmpty())
        resumeCase(start.caseId);
}

workspace::BatchExecutionRunner *RestoreWizard::execution()
{
    if (!m_execution || m_execution->batchId() != m_batchId) {
        delete m_execution;
        m_execution = m_workspace.createBatchExecution(m_batchId, this);
    }
    return m_execution;
}

void RestoreWizard::setRequest(const workspace::RestoreRequest &request)
{
    m_request = request;
}

void RestoreWizard::setPlan(const restore::RestorePlan &plan)
{
    m_plan = plan;
    m_planned = true;
    // A new plan is a new batch: the draft of an earlier one stays in its case.
    m_batchId = 0;
}

void RestoreWizard::setBatch(qint64 caseId, qint64 batchId)
{
    m_caseId = caseId;
    m_batchId = batchId;
}

void RestoreWizard::resumeCase(qint64 caseId)
{
    m_caseId = caseId;
    m_resuming = true;
    connect(m_runner, &workspace::RestorePlanRunner::caseRestoreFound, this,
            [this](qint64, qint64 batchId) {
                if (batchId == 0) {
                    m_resuming = false; // nothing to resume: a new restore into this case
                    emit resumed(Select);
                    return;
                }
                m_batchId = batchId;
                m_runner->loadBatch(batchId);
            });
    connect(m_runner, &workspace::RestorePlanRunner::batchLoaded, this,
            [this](const ops::BatchReview &review) {
                if (m_resuming && review.id == m_batchId)
                    resumeAt(review);
            });
    m_runner->findCaseRestore(caseId);
}

void RestoreWizard::resumeAt(const ops::BatchReview &review)
{
    m_resuming = false;
    // The backup the batch was planned from, as its description names it.
    for (const BackupSource &backup : m_runner->backups())
        if (review.description.startsWith(QStringLiteral("Restore from %1:").arg(backup.name)))
            m_request.backup = backup;
    int page = DryRun;
    if (review.state == u"submitted")
        page = Submit;
    else if (review.state == u"approved" || review.state == u"executing")
        page = Execute;
    else if (review.state == u"done" || review.state == u"partly_failed")
        page = Verify;
    setStartId(page);
    restart();
    emit resumed(page);
}

} // namespace payops
