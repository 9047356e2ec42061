#include "execute_page.h"

#include "restore_wizard.h"
#include "restore_words.h"
#include "rows_table_model.h"

#include "core/money.h"
#include "workspace/batch_execution_runner.h"
#include "workspace/restore_plan_runner.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

ExecutePage::ExecutePage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_header(new QLabel(this))
    , m_typedLabel(new QLabel(this))
    , m_typed(new QLineEdit(this))
    , m_bar(new QProgressBar(this))
    , m_state(new QLabel(this))
    , m_counts(new RowsTableModel({tr("Items"), tr("How many")}, this))
    , m_execute(new QPushButton(tr("Execute"), this))
    , m_pause(new QPushButton(tr("Pause"), this))
{
    setTitle(tr("Execute"));
    setSubTitle(tr("The approved batch runs once, in chunks; each chunk commits its rows and "
                   "their outcome together. Pause stops between chunks; Resume goes on where "
                   "the database says it stopped."));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_typed->setObjectName(QStringLiteral("confirmEnvironment"));
    m_state->setObjectName(QStringLiteral("executeState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::RichText);
    m_execute->setObjectName(QStringLiteral("executeButton"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_counts->setRightAligned({1});
    auto *countsView = new QTableView(this);
    countsView->setObjectName(QStringLiteral("executeCounts"));
    countsView->setModel(m_counts);
    countsView->verticalHeader()->hide();
    countsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    countsView->setMaximumSize(480, 190);

    connect(m_execute, &QPushButton::clicked, this, [this] {
        m_running = true;
        m_state->setText(tr("Executing…"));
        updateButtons();
        m_wizard->execution()->start(m_review.environment, m_typed->text());
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        m_wizard->execution()->pause();
        m_state->setText(tr("Pausing after the chunk in flight…"));
        m_pause->setEnabled(false);
    });
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::batchLoaded, this,
            &ExecutePage::showReview);

    auto *confirm = new QHBoxLayout;
    confirm->addWidget(m_typedLabel);
    confirm->addWidget(m_typed, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_bar, 1);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_execute);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addLayout(confirm);
    layout->addLayout(buttons);
    layout->addWidget(m_state);
    layout->addWidget(countsView);
    layout->addStretch(1);
}

void ExecutePage::initializePage()
{
    m_review = {};
    m_running = false;
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    m_header->setText(tr("Reading batch %1…").arg(m_wizard->batchId()));
    workspace::BatchExecutionRunner *execution = m_wizard->execution();
    // The runner is made again for another batch: wire it each time.
    disconnect(execution, nullptr, this, nullptr);
    connect(execution, &workspace::BatchExecutionRunner::counted, this, &ExecutePage::showCounts);
    connect(execution, &workspace::BatchExecutionRunner::progress, this,
            [this](int percent, const QString &counts) {
                m_bar->setValue(percent);
                if (m_running && m_pause->isEnabled())
                    m_state->setText(tr("Executing: %1.").arg(counts.toHtmlEscaped()));
            });
    connect(execution, &workspace::BatchExecutionRunner::finished, this, &ExecutePage::showReport);
    connect(execution, &workspace::BatchExecutionRunner::refused, this,
            [this](const QString &message) {
                m_running = false;
                m_state->setText(
                    tr("<span style='color:#8e0000'>%1</span>").arg(message.toHtmlEscaped()));
                updateButtons();
            });
    m_wizard->runner()->loadBatch(m_wizard->batchId());
    execution->refresh();
    updateButtons();
}

void ExecutePage::showReview(const ops::BatchReview &r)
{
    if (r.id != m_wizard->batchId() || m_wizard->currentPage() != this)
        return;
    m_review = r;
    if (m_wizard->caseId() == 0)
        m_wizard->setBatch(r.caseId, r.id);
    QString approvals =
        r.decisions.isEmpty() ? tr("no decision yet") : r.decisions.join(QStringLiteral("; "));
    m_header->setText(tr("<b>Batch %1</b> of case %2: %3 items on database <b>%4</b> "
                         "(environment <b>%5</b>).<br>Decisions: %6")
                          .arg(r.id)
                          .arg(r.caseId)
                          .arg(formatCount(r.itemCount), r.databaseName.toHtmlEscaped(),
                               r.environment.toHtmlEscaped(), approvals.toHtmlEscaped()));
    const bool typed = workspace::BatchExecutionRunner::needsTypedEnvironment(r.environment);
    m_typedLabel->setText(tr("Type the environment's name, %1, to confirm:").arg(r.environment));
    m_typedLabel->setVisible(typed);
    m_typed->setVisible(typed);
    if (!m_running)
        m_state->setText(tr("The batch is <b>%1</b>.").arg(restore_words::batchState(r.state)));
    updateButtons();
    emit completeChanged();
}

void ExecutePage::showCounts(const exec::ItemCounts &c)
{
    m_lastCounts = c;
    m_counts->setRows({{tr("Put back (applied)"), formatCount(c.applied)},
                       {tr("Conflicts, left alone"), formatCount(c.conflict)},
                       {tr("Failed"), formatCount(c.failed)},
                       {tr("Still to do"), formatCount(c.pending)},
                       {tr("Total"), formatCount(c.total())}});
    if (c.total() > 0)
        m_bar->setValue(int(c.ended() * 100 / c.total()));
}

void ExecutePage::showReport(const exec::ExecutionReport &report)
{
    m_running = false;
    m_review.state = report.batchState;
    QString state = restore_words::batchState(report.batchState);
    state[0] = state[0].toUpper();
    const QString text = tr("%1: %2 (%3 of them in this run, %4 s).")
                             .arg(state, report.counts.describe(), formatCount(report.appliedNow))
                             .arg(report.elapsedMs / 1000.0, 0, 'f', 1);
    m_state->setText(report.paused ? tr("Paused. %1 Resume goes on from there.").arg(text)
                                   : text.toHtmlEscaped());
    updateButtons();
    emit completeChanged();
    if (!report.paused)
        emit m_wizard->batchExecuted(m_wizard->caseId(), m_wizard->batchId());
    emit executionEnded(report.batchState);
}

void ExecutePage::updateButtons()
{
    const bool runnable = m_review.state == u"approved" || m_review.state == u"executing";
    m_execute->setEnabled(runnable && !m_running);
    m_execute->setText(m_review.state == u"executing" ? tr("Resume") : tr("Execute"));
    m_pause->setEnabled(m_running);
}

bool ExecutePage::isComplete() const
{
    return m_review.state == u"done" || m_review.state == u"partly_failed";
}

} // namespace payops
