#include "money_wizard.h"

#include "clawback_plan_page.h"
#include "destination_page.h"
#include "dry_run_page.h"
#include "next_steps_page.h"
#include "plan_page.h"
#include "select_page.h"
#include "submit_page.h"

#include "workspace/money_plan_runner.h"
#include "workspace/workspace.h"

#include <QFileDialog>
#include <QSet>

namespace payops {

MoneyWizard::MoneyWizard(const MoneyStart &start, workspace::Workspace &workspace, QWidget *parent)
    : QWizard(parent)
    , m_workspace(workspace)
    , m_start(start)
    , m_runner(workspace.createMoneyPlan(this))
{
    setObjectName(QStringLiteral("moneyWizard"));
    setWindowTitle(!start.finding ? tr("Refund, reverse or claw back")
                   : start.operation == workspace::MoneyOperation::Refund ? tr("Refund charges")
                   : start.operation == workspace::MoneyOperation::Reversal
                       ? tr("Reverse refunds")
                       : tr("Claw back payouts"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::HaveHelpButton, false);
    resize(1200, 800);
    m_request.operation = start.operation;
    askExportPath = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Export the accounts as CSV"), suggested,
                                            tr("CSV files (*.csv)"));
    };
    m_select = new MoneySelectPage(this);
    m_planPage = new MoneyPlanPage(this);
    m_clawbackPlan = new ClawbackPlanPage(this);
    m_destinationPage = new MoneyDestinationPage(this);
    m_dryRun = new MoneyDryRunPage(this);
    m_submit = new MoneySubmitPage(this);
    m_nextSteps = new MoneyNextStepsPage(this);
    setPage(Select, m_select);
    setPage(Plan, m_planPage);
    setPage(ClawbackPlan, m_clawbackPlan);
    setPage(Destination, m_destinationPage);
    setPage(DryRun, m_dryRun);
    setPage(Submit, m_submit);
    setPage(NextSteps, m_nextSteps);
    setStartId(Select);
}

void MoneyWizard::setPlanned(const workspace::PlannedMoney &planned)
{
    m_planned = planned;
    m_isPlanned = true;
    // A new plan is new batches: the drafts of an earlier one stay in their case.
    m_drafted = {};
}

void MoneyWizard::forgetPlan()
{
    m_planned = {};
    m_isPlanned = false;
    m_drafted = {};
}

std::optional<exec::MoneyDestination> MoneyWizard::destinationNamed(const QString &name) const
{
    for (const exec::MoneyDestination &destination : m_binding.destinations)
        if (destination.name == name)
            return destination;
    return std::nullopt;
}

QString MoneyWizard::soleProvider() const
{
    const QSet<QString> names(m_planned.providers.cbegin(), m_planned.providers.cend());
    return names.size() == 1 ? *names.cbegin() : QString();
}

} // namespace payops
