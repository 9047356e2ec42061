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
    m_command->setMinimumHeight(150);
    m_state->setObjectName(QStringLiteral("nextStepsState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::RichText);
    m_check->setObjectName(QStringLiteral("checkApprovalButton"));
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_command->toPlainText()); });
    connect(m_check, &QPushButton::clicked, this, [this] {
        m_reviews.clear();
        for (const workspace::DraftedBatch &batch : m_wizard->batches())
            m_wizard->runner()->loadBatch(batch.id);
    });
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
    QStringList ids;
    for (const workspace::DraftedBatch &batch : m_wizard->batches())
        ids << QString::number(batch.id);
    const QString batches = ids.size() == 1 ? tr("batch %1").arg(ids.first())
                                            : tr("batches %1").arg(ids.join(QStringLiteral(", ")));
    QString run;
    if (operation == MoneyOperation::Clawback)
        run = tr("takes back what each agreed investor's balance still holds and holds the "
                 "others; support records each answer on the case's roster (payops outreach "
                 "record), and each later run takes those who agreed since. The write-off "
                 "records what cannot be taken back; finance gives up a held item with payops "
                 "batch give-up.");
    else if (operation == MoneyOperation::Reversal)
        run = tr("hands the reversals over to the destination's acquirer as files in "
                 "&lt;DIR&gt; (one line an item, its key the reference). When the acquirer "
                 "answers, the same command with <tt>--results RESULTS.csv</tt> reads its "
                 "result file: lines that match no item, match one twice or disagree on the "
                 "amount are reported, never applied.");
    else if (planned.request.ledger)
        run = tr("writes the refund rows into the refunds table, each with its item's state "
                 "in one transaction.");
    else
        run = tr("sends each refund to the destination's API under its own idempotency key. "
                 "The provider's key is found in this machine's keychain, stored once with "
                 "<tt>payops provider-key --destination NAME</tt> (it reads the key from "
                 "standard input and refuses one that is not the registered one), or in "
                 "<tt>PAYOPS_PROVIDER_KEY</tt> for an unattended run. A killed run is resumed "
                 "by running it again, and looks up what it does not know before sending "
                 "anything.");
    m_steps->setText(
        tr("<ol><li><b>Finance approves</b> %1 in <b>Approvals</b> (the review shows the "
           "money per currency, the accounts and where it goes; above the approval policy's "
           "threshold two approvers sign).</li>"
           "<li><b>You run it</b> once approved: in <b>Approvals</b>, select it and "
           "<b>Run…</b> (the run panel shows where the money goes, the counts, and apart the "
           "items whose answer is still unknown, with <b>Reconcile</b>), or from a shell: the "
           "command below reads where the money goes from the items and %2</li>"
           "<li>The case's timeline records every step; its roster lists the people, for "
           "outreach, and for refunds its <b>Re-checks</b> list the accounts to look at "
           "again once the money is back.</li></ol>")
            .arg(batches, run));
    const QString connection = money_words::connectionForCommand(m_wizard->runner()->connection());
    QStringList commands;
    for (const workspace::DraftedBatch &batch : m_wizard->batches()) {
        QString about = tr("# Batch %1: %2, %3")
                            .arg(batch.id)
                            .arg(money_words::itemsOfKind(batch.kind, batch.plan.items.size()),
                                 batch.plan.totals.toDisplayString());
        if (!batch.destination.isEmpty())
            about += tr(", to %1").arg(batch.destination);
        commands << about
                 << money_words::runCommand(batch.id, batch.kind,
                                            m_wizard->destinationNamed(batch.destination),
                                            m_wizard->binding().environment, connection);
    }
    m_command->setPlainText(commands.join(QLatin1Char('\n')));
    m_state->setText(tr("Reading %1…").arg(batches));
    m_reviews.clear();
    for (const workspace::DraftedBatch &batch : m_wizard->batches())
        m_wizard->runner()->loadBatch(batch.id);
}

void MoneyNextStepsPage::showReview(const ops::BatchReview &r)
{
    if (m_wizard->currentPage() != this)
        return;
    const auto &batches = m_wizard->batches();
    if (std::none_of(batches.cbegin(), batches.cend(),
                     [&r](const workspace::DraftedBatch &b) { return b.id == r.id; }))
        return;
    m_reviews.insert(r.id, r);
    if (m_reviews.size() != batches.size())
        return;
    QStringList lines;
    QString common = m_reviews.first().state;
    for (const workspace::DraftedBatch &batch : batches) {
        const ops::BatchReview review = m_reviews.value(batch.id);
        QString line = tr("Batch %1 is <b>%2</b>.")
                           .arg(review.id)
                           .arg(restore_words::batchState(review.state));
        if (!review.decisions.isEmpty())
            line += QStringLiteral("<br>") +
                    review.decisions.join(QStringLiteral("<br>")).toHtmlEscaped();
        lines << line;
        if (review.state != common)
            common.clear();
    }
    m_state->setText(lines.join(QStringLiteral("<br>")));
    emit stateShown(common);
}

} // namespace payops
