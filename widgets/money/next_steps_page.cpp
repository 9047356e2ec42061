#include "next_steps_page.h"

#include "money_wizard.h"
#include "money_words.h"

#include "widgets/restore/restore_words.h"
#include "workspace/money_plan_runner.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>

namespace payops {

using workspace::MoneyOperation;

MoneyNextStepsPage::MoneyNextStepsPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_steps(new QLabel(this))
    , m_command(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("Copy the command"), this))
    , m_state(new QLabel(this))
    , m_check(new QPushButton(tr("Check the approval"), this))
{
    setTitle(tr("What comes next"));
    setSubTitle(tr("The console builds money batches; it does not send money. That takes the "
                   "provider's credentials, on the command line."));
    m_steps->setObjectName(QStringLiteral("nextSteps"));
    m_steps->setWordWrap(true);
    m_steps->setTextFormat(Qt::RichText);
    m_command->setObjectName(QStringLiteral("runCommand"));
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setMaximumHeight(110);
    m_state->setObjectName(QStringLiteral("nextStepsState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::RichText);
    m_check->setObjectName(QStringLiteral("checkApprovalButton"));
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_command->toPlainText()); });
    connect(m_check, &QPushButton::clicked, this,
            [this] { m_wizard->runner()->loadBatch(m_wizard->batchId()); });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::batchLoaded, this,
            &MoneyNextStepsPage::showReview);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_check);
    buttons->addStretch(1);
    buttons->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_steps);
    layout->addWidget(m_command);
    layout->addLayout(buttons);
    layout->addWidget(m_state);
    layout->addStretch(1);
}

void MoneyNextStepsPage::initializePage()
{
    const workspace::PlannedMoney &planned = m_wizard->planned();
    const MoneyOperation operation = planned.request.operation;
    const qint64 batch = m_wizard->batchId();
    QString run;
    if (operation == MoneyOperation::Reversal)
        run =
            tr("hands the reversals over to the acquirer as files in &lt;DIR&gt; (one line an "
               "item, "
               "its key the reference). When the acquirer answers, the same command with "
               "<tt>--results RESULTS.csv</tt> reads its result file: lines that match no "
               "item, match one twice or disagree on the amount are reported, never "
               "applied.%1")
                .arg(QSet<QString>(planned.providers.cbegin(), planned.providers.cend()).size() > 1
                         ? tr(" The refunds were paid out by several acquirers (see the "
                              "plan); the files of one run name one: &lt;ACQUIRER&gt; is the one "
                              "that takes them all.")
                         : QString());
    else if (planned.request.ledger)
        run = tr("writes the refund rows into the refunds table, each with its item's state "
                 "in one transaction.");
    else
        run = tr("sends each refund to the provider's API under its own idempotency key, "
                 "with the provider's key for this environment in PAYOPS_PROVIDER_KEY; a "
                 "killed run is resumed by running it again, and looks up what it does not "
                 "know before sending anything.");
    m_steps->setText(
        tr("<ol><li><b>Finance approves</b> batch %1 in <b>Approvals</b> (the review shows "
           "the money per currency, the accounts and where it goes; above the approval "
           "policy's threshold two approvers sign).</li>"
           "<li><b>You run it</b> once approved, from a shell: the command below %2</li>"
           "<li>The case's timeline records every step.</li></ol>")
            .arg(batch)
            .arg(run));
    const ConnectionProfile &connection = m_wizard->runner()->connection();
    m_command->setPlainText(money_words::runCommand(
        batch, operation, planned.request.ledger, m_wizard->destination().environment,
        money_words::connectionForCommand(connection),
        operation == MoneyOperation::Reversal ? m_wizard->soleProvider() : QString()));
    m_state->setText(tr("Reading batch %1…").arg(batch));
    m_wizard->runner()->loadBatch(batch);
}

void MoneyNextStepsPage::showReview(const ops::BatchReview &r)
{
    if (r.id != m_wizard->batchId() || m_wizard->currentPage() != this)
        return;
    QString text = tr("Batch %1 is <b>%2</b>.").arg(r.id).arg(restore_words::batchState(r.state));
    if (!r.decisions.isEmpty())
        text += QStringLiteral("<br>") + r.decisions.join(QStringLiteral("<br>")).toHtmlEscaped();
    m_state->setText(text);
    emit stateShown(r.state);
}

} // namespace payops
