#pragma once

#include "money_start.h"

#include "workspace/money_request.h"

#include <QWizard>

#include <functional>

namespace payops {

class MoneyDestinationPage;
class MoneyDryRunPage;
class MoneyNextStepsPage;
class MoneyPlanPage;
class MoneySelectPage;
class MoneySubmitPage;
namespace workspace {
class MoneyPlanRunner;
class Workspace;
} // namespace workspace

// The guided money batch, refunds (incident 2) or reversals (incident 3),
// one page per step: the read-only query that picks the charges or
// refunds, the plan, where the money goes, the database's own dry run,
// the submission to a case for a second person's approval, and what comes
// next (finance approves; payops batch run executes it, with the
// provider's credentials, which the console does not hold). The wizard
// holds the batch's state (request, plan, destination, case, batch); each
// page is its own file and asks the workspace's MoneyPlanRunner, which
// does the database work (never on the GUI thread).
class MoneyWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { Select, Plan, Destination, DryRun, Submit, NextSteps };

    // The wizard must not outlive `workspace` (the main window closes it
    // with the connection).
    MoneyWizard(const MoneyStart &start, workspace::Workspace &workspace,
                QWidget *parent = nullptr);

    workspace::Workspace &workspace() const { return m_workspace; }
    workspace::MoneyPlanRunner *runner() const { return m_runner; }
    const MoneyStart &start() const { return m_start; }

    const workspace::MoneyRequest &request() const { return m_request; }
    void setRequest(const workspace::MoneyRequest &request) { m_request = request; }
    workspace::MoneyOperation operation() const { return m_request.operation; }
    const workspace::PlannedMoney &planned() const { return m_planned; }
    bool isPlanned() const { return m_isPlanned; }
    void setPlanned(const workspace::PlannedMoney &planned);
    // A new plan is being made: the earlier one is no longer the batch's.
    void forgetPlan();
    const workspace::MoneyDestination &destination() const { return m_destination; }
    void setDestination(const workspace::MoneyDestination &destination)
    {
        m_destination = destination;
    }
    qint64 caseId() const { return m_caseId; }
    qint64 batchId() const { return m_batchId; }
    void setBatch(qint64 caseId, qint64 batchId);
    // The one acquirer or provider the plan's items name; empty for none or several.
    QString soleProvider() const;

    // Test seam: where the accounts' CSV is saved (empty: not saved).
    std::function<QString(const QString &suggestedName)> askExportPath;

    MoneySelectPage *selectPage() const { return m_select; }
    MoneyPlanPage *planPage() const { return m_planPage; }
    MoneyDestinationPage *destinationPage() const { return m_destinationPage; }
    MoneyDryRunPage *dryRunPage() const { return m_dryRun; }
    MoneySubmitPage *submitPage() const { return m_submit; }
    MoneyNextStepsPage *nextStepsPage() const { return m_nextSteps; }

signals:
    // For the main window: the approvals queue and the cases panel change.
    void batchDrafted(qint64 caseId, qint64 batchId);
    void batchSubmitted(qint64 caseId, qint64 batchId);

private:
    workspace::Workspace &m_workspace;
    MoneyStart m_start;
    workspace::MoneyPlanRunner *m_runner;
    workspace::MoneyRequest m_request;
    workspace::PlannedMoney m_planned;
    bool m_isPlanned = false;
    workspace::MoneyDestination m_destination;
    qint64 m_caseId = 0;
    qint64 m_batchId = 0;
    MoneySelectPage *m_select;
    MoneyPlanPage *m_planPage;
    MoneyDestinationPage *m_destinationPage;
    MoneyDryRunPage *m_dryRun;
    MoneySubmitPage *m_submit;
    MoneyNextStepsPage *m_nextSteps;
};

} // namespace payops
