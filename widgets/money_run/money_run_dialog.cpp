#include "money_run_dialog.h"

#include "handover_box.h"
#include "open_items_panel.h"
#include "run_words.h"

#include "widgets/money/money_words.h"
#include "widgets/restore/restore_words.h"
#include "widgets/restore/rows_table_model.h"

#include "core/money.h"
#include "workspace/batch_execution_runner.h"
#include "workspace/money_execution_runner.h"
#include "workspace/workspace.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

namespace {

QLabel *wrapped(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString firstReason(const QStringList &reasons)
{
    for (const QString &reason : reasons)
        if (!reason.isEmpty())
            return reason;
    return {};
}

} // namespace

MoneyRunDialog::MoneyRunDialog(qint64 batchId, workspace::Workspace &workspace,
                               const MoneyRunPermissions &permissions, QWidget *parent)
    : QDialog(parent)
    , m_batchId(batchId)
    , m_permissions(permissions)
    , m_runner(workspace.createMoneyExecution(batchId, this))
    , m_header(new QLabel(this))
    , m_destination(wrapped(this, QStringLiteral("runDestination")))
    , m_environment(wrapped(this, QStringLiteral("runEnvironment")))
    , m_database(wrapped(this, QStringLiteral("runDatabase")))
    , m_how(wrapped(this, QStringLiteral("runAdapter")))
    , m_handover(new HandoverBox(this))
    , m_typedLabel(new QLabel(this))
    , m_typed(new QLineEdit(this))
    , m_bar(new QProgressBar(this))
    , m_pause(new QPushButton(tr("Pause"), this))
    , m_execute(new QPushButton(tr("Execute"), this))
    , m_state(wrapped(this, QStringLiteral("runState")))
    , m_countsModel(new RowsTableModel({tr("What became of the items"), tr("How many")}, this))
    , m_open(new OpenItemsPanel(this))
{
    setObjectName(QStringLiteral("moneyRunDialog"));
    setWindowTitle(tr("Run money batch %1").arg(batchId));
    resize(1100, 860);
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setText(tr("Reading batch %1…").arg(batchId));
    m_state->setTextFormat(Qt::RichText);
    m_typed->setObjectName(QStringLiteral("confirmEnvironment"));
    m_execute->setObjectName(QStringLiteral("executeButton"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_handover->setVisible(false);
    m_typedLabel->setVisible(false);
    m_typed->setVisible(false);
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    m_countsModel->setRightAligned({1});

    auto *where = new QGroupBox(tr("Where the money goes"), this);
    auto *form = new QFormLayout(where);
    form->addRow(tr("Destination:"), m_destination);
    form->addRow(tr("Environment:"), m_environment);
    form->addRow(tr("Database:"), m_database);
    form->addRow(tr("How:"), m_how);

    auto *countsView = new QTableView(this);
    countsView->setObjectName(QStringLiteral("runCounts"));
    countsView->setModel(m_countsModel);
    countsView->verticalHeader()->hide();
    countsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    countsView->setMaximumWidth(520);
    countsView->setMinimumHeight(8 * countsView->verticalHeader()->defaultSectionSize() + 4);

    auto *confirm = new QHBoxLayout;
    confirm->addWidget(m_typedLabel);
    confirm->addWidget(m_typed, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_bar, 1);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_execute);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *content = new QWidget(this);
    auto *inner = new QVBoxLayout(content);
    inner->addWidget(m_header);
    inner->addWidget(where);
    inner->addWidget(m_handover);
    inner->addLayout(confirm);
    inner->addLayout(buttons);
    inner->addWidget(m_state);
    inner->addWidget(countsView);
    inner->addWidget(m_open);
    inner->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(close);

    connect(m_execute, &QPushButton::clicked, this, [this] {
        startRun(m_setup.review.state == u"executing" ? tr("Resuming…") : tr("Executing…"), false);
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        m_runner->pause();
        m_state->setText(tr("Pausing after the chunk in flight…"));
        m_pause->setEnabled(false);
    });
    connect(m_open, &OpenItemsPanel::reconcileRequested, this, [this] {
        startRun(tr("Looking the open items up at the provider by their keys…"), false);
    });
    connect(m_handover, &HandoverBox::importRequested, this,
            [this] { startRun(tr("Importing the acquirer's result file…"), true); });
    connect(m_handover, &HandoverBox::changed, this, &MoneyRunDialog::updateButtons);
    connect(m_typed, &QLineEdit::textChanged, this, &MoneyRunDialog::updateButtons);
    connect(m_open, &OpenItemsPanel::decisionRequested, this,
            [this](int item, bool sendAgain, const QString &reason) {
                m_deciding = true;
                updateButtons();
                m_runner->decideAbsent(item, sendAgain, reason);
            });
    connect(m_open, &OpenItemsPanel::giveUpRequested, this,
            [this](int item, const QString &reason) {
                m_deciding = true;
                updateButtons();
                m_runner->giveUp(item, reason);
            });

    connect(m_runner, &workspace::MoneyExecutionRunner::loaded, this, &MoneyRunDialog::showSetup);
    connect(m_runner, &workspace::MoneyExecutionRunner::loadFailed, this,
            &MoneyRunDialog::showRefusal);
    connect(m_runner, &workspace::MoneyExecutionRunner::counted, this, &MoneyRunDialog::showCounts);
    connect(m_runner, &workspace::MoneyExecutionRunner::openItemsRead, this,
            [this](const workspace::OpenMoneyItems &items) {
                m_open->showItems(items);
                emit openItemsShown();
            });
    connect(m_runner, &workspace::MoneyExecutionRunner::finished, this,
            &MoneyRunDialog::showOutcome);
    connect(m_runner, &workspace::MoneyExecutionRunner::refused, this, [this](const QString &m) {
        m_running = false;
        showRefusal(m);
    });
    connect(m_runner, &workspace::MoneyExecutionRunner::itemDecided, this,
            [this](int item, const QString &text) {
                m_deciding = false;
                m_open->showMessage(text, false);
                m_open->absentReason()->clear();
                m_open->heldReason()->clear();
                updateButtons();
                emit itemDecided(item);
                emit batchChanged(m_setup.review.caseId, m_batchId);
            });
    connect(m_runner, &workspace::MoneyExecutionRunner::itemRefused, this,
            [this](int, const QString &message) {
                m_deciding = false;
                m_open->showMessage(message, true);
                updateButtons();
            });
    updateButtons();
    m_runner->load();
}

void MoneyRunDialog::showSetup(const workspace::MoneyRunSetup &s)
{
    m_setup = s;
    m_loaded = true;
    const ops::BatchReview &r = s.review;
    const QString approvals =
        r.decisions.isEmpty() ? tr("no decision yet") : r.decisions.join(QStringLiteral("; "));
    m_header->setText(
        tr("<b>Batch %1</b> of case %2: %3, %4.<br>It is %5. Decisions: %6")
            .arg(r.id)
            .arg(r.caseId)
            .arg(money_words::itemsOfKind(r.kind, r.itemCount).toHtmlEscaped(),
                 r.totals.isEmpty() ? tr("no money") : r.totals.toDisplayString().toHtmlEscaped(),
                 restore_words::batchState(r.state).toHtmlEscaped(), approvals.toHtmlEscaped()));
    m_destination->setText(money_run_words::whereItGoes(s));
    m_environment->setText(r.environment);
    m_database->setText(r.databaseName);
    m_how->setText(money_run_words::howItGoes(s));
    m_handover->setVisible(s.sendsToProvider && s.destination.adapter == u"file");
    const bool typed = workspace::BatchExecutionRunner::needsTypedEnvironment(r.environment);
    m_typedLabel->setText(tr("Type the environment's name, %1, to confirm:").arg(r.environment));
    m_typedLabel->setVisible(typed);
    m_typed->setVisible(typed);
    if (!m_running && !m_runSaid) {
        const QString why = money_run_words::whyNotRunnable(s);
        m_state->setText(
            why.isEmpty()
                ? tr("The batch is %1.").arg(restore_words::batchState(r.state).toHtmlEscaped())
                : why.toHtmlEscaped());
    }
    updateButtons();
    emit setupShown();
}

void MoneyRunDialog::showCounts(const exec::ItemCounts &c)
{
    m_counts = c;
    m_countsModel->setRows(money_run_words::countRows(c, m_setup.sendsToProvider));
    if (c.total() > 0)
        m_bar->setValue(int(c.ended() * 100 / c.total()));
}

void MoneyRunDialog::startRun(const QString &what, bool withResults)
{
    m_running = true;
    m_runSaid = false;
    m_state->setText(what.toHtmlEscaped());
    updateButtons();
    workspace::MoneyExecutionRunner::Files files;
    files.handoverDir = m_handover->handoverDir();
    if (withResults)
        files.resultsFile = m_handover->resultsFile();
    m_runner->start(m_typed->text(), files);
}

void MoneyRunDialog::showOutcome(const workspace::MoneyRunOutcome &outcome)
{
    m_running = false;
    m_runSaid = true;
    const exec::ExecutionReport &e = outcome.report.execution;
    m_setup.review.state = e.batchState;
    m_setup.counts = e.counts;
    // A run that ended with items open leaves the batch executing: say
    // what that means here rather than "paused or running".
    QString state = e.batchState == u"executing" && !e.paused
                        ? tr("Not finished, items are still open")
                        : restore_words::batchState(e.batchState);
    state[0] = state[0].toUpper();
    QStringList lines{tr("%1: %2 (%3 sent, %4 looked up, in %5 s).")
                          .arg(state, e.counts.describe(), formatCount(outcome.report.sentNow),
                               formatCount(outcome.report.reconciledNow))
                          .arg(e.elapsedMs / 1000.0, 0, 'f', 1)};
    if (e.paused)
        lines << tr("Paused; Resume goes on from there.");
    if (outcome.report.absent > 0)
        lines << tr("%1 items: the provider has nothing under their keys; decide each below.")
                     .arg(formatCount(outcome.report.absent));
    if (e.counts.unknown > outcome.report.absent || e.counts.sending > 0)
        lines << (m_setup.destination.adapter == u"file"
                      ? tr("Items are handed over; import the acquirer's result file when it "
                           "comes (never sent twice).")
                      : tr("Some answers are still unknown; Reconcile looks them up (never sent "
                           "twice)."));
    if (e.counts.held > 0)
        lines << tr("%1 items are held until their person agrees; run again then, or finance "
                    "gives them up.")
                     .arg(formatCount(e.counts.held));
    for (QString &line : lines)
        line = line.toHtmlEscaped();
    m_state->setText(lines.join(QStringLiteral("<br>")));
    if (outcome.resultsImported)
        m_handover->showProblems(outcome.resultsToApply, outcome.problems);
    updateButtons();
    emit runEnded(e.batchState);
    emit batchChanged(m_setup.review.caseId, m_batchId);
}

void MoneyRunDialog::showRefusal(const QString &message)
{
    m_runSaid = true;
    m_state->setText(tr("<span style='color:#8e0000'>%1</span>").arg(message.toHtmlEscaped()));
    updateButtons();
    emit runEnded(m_setup.review.state);
}

void MoneyRunDialog::updateButtons()
{
    const QString busy = m_running    ? tr("The batch is running; Pause stops it between chunks.")
                         : m_deciding ? tr("A decision is on its way to the database.")
                                      : QString();
    const bool files = m_setup.sendsToProvider && m_setup.destination.adapter == u"file";
    const bool typed =
        workspace::BatchExecutionRunner::needsTypedEnvironment(m_setup.review.environment);
    const QString why = firstReason(
        {m_loaded ? QString() : tr("The batch is still being read."), m_permissions.runRefusal,
         m_loaded ? money_run_words::whyNotRunnable(m_setup) : QString(), busy,
         files && m_handover->handoverDir().isEmpty() ? tr("Choose the hand-over folder first.")
                                                      : QString(),
         typed && m_typed->text().trimmed() != m_setup.review.environment
             ? tr("Type the environment's name, %1, to confirm.").arg(m_setup.review.environment)
             : QString()});
    m_execute->setEnabled(why.isEmpty());
    m_execute->setText(m_setup.review.state == u"executing" ? tr("Resume") : tr("Execute"));
    m_execute->setToolTip(why.isEmpty() ? tr("Send the items not sent yet, a chunk at a time; "
                                             "open items are looked up first")
                                        : why);
    m_pause->setEnabled(m_running);
    m_pause->setToolTip(m_running ? tr("Stop between chunks") : tr("Nothing is running."));
    m_open->setExecuting(m_setup.review.state == u"executing");
    m_open->setAllowed(m_permissions.runRefusal, m_permissions.giveUpRefusal, busy);
    m_handover->setImportAllowed(firstReason({m_permissions.runRefusal, busy}));
}

} // namespace payops
