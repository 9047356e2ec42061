#pragma once

#include "money_start.h"

#include "workspace/money_request.h"

#include <QWizard>

#include <functional>
#include <optional>

namespace payops {

class ClawbackPlanPage;
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

// The guided money batch, refunds (incident 2), reversals (incident 3) or
// a claw-back of payouts made twice (incident 5), one page per step: the
// read-only query that picks the charges, refunds or payouts, the plan
// (per investor for a claw-back), where the money goes (a destination
// registered on the database), the database's own dry run, the submission
// to a case for a second person's approval, and what comes next (finance
// approves; payops batch run executes it, with the provider's credentials,
// which the console does not hold). A plan may become several batches: a
// claw-back and its write-off, or one reversal batch per acquirer. The
// wizard holds the state (request, plan, binding, case, batches); each
// page is its own file and asks the workspace's MoneyPlanRunner, which
// does the database work (never on the GUI thread).
class MoneyWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { Select, Plan, ClawbackPlan, Destination, DryRun, Submit, NextSteps };

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
    // Where a batch would be bound, and the destinations registered there.
    const workspace::MoneyBinding &binding() const { return m_binding; }
    void setBinding(const workspace::MoneyBinding &binding) { m_binding = binding; }
    // The registered destination of that name, if the binding read it.
    std::optional<exec::MoneyDestination> destinationNamed(const QString &name) const;
    qint64 caseId() const { return m_drafted.caseId; }
    // The batches drafted from the plan, in order; none before the draft.
    const QVector<workspace::DraftedBatch> &batches() const { return m_drafted.batches; }
    bool isDrafted() const { return !m_drafted.batches.isEmpty(); }
    const workspace::DraftedMoney &drafted() const { return m_drafted; }
    void setDrafted(const workspace::DraftedMoney &drafted) { m_drafted = drafted; }
    // The one acquirer or provider the plan's items name; empty for none or several.
    QString soleProvider() const;

    // Test seam: where the accounts' CSV is saved (empty: not saved).
    std::function<QString(const QString &suggestedName)> askExportPath;

    MoneySelectPage *selectPage() const { return m_select; }
    MoneyPlanPage *planPage() const { return m_planPage; }
    ClawbackPlanPage *clawbackPlanPage() const { return m_clawbackPlan; }
    MoneyDestinationPage *destinationPage() const { return m_destinationPage; }
    MoneyDryRunPage *dryRunPage() const { return m_dryRun; }
    MoneySubmitPage *submitPage() const { return m_submit; }
    MoneyNextStepsPage *nextStepsPage() const { return m_nextSteps; }

signals:
    // For the main window: the approvals queue and the cases panel change.
    void batchDrafted(qint64 caseId);
    void batchSubmitted(qint64 caseId, qint64 batchId);

private:
    workspace::Workspace &m_workspace;
    MoneyStart m_start;
    workspace::MoneyPlanRunner *m_runner;
    workspace::MoneyRequest m_request;
    workspace::PlannedMoney m_planned;
    bool m_isPlanned = false;
    workspace::MoneyBinding m_binding;
    workspace::DraftedMoney m_drafted;
    MoneySelectPage *m_select;
    MoneyPlanPage *m_planPage;
    ClawbackPlanPage *m_clawbackPlan;
    MoneyDestinationPage *m_destinationPage;
    MoneyDryRunPage *m_dryRun;
    MoneySubmitPage *m_submit;
    MoneyNextStepsPage *m_nextSteps;
};

} // namespace payops
