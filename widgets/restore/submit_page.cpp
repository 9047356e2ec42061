#include "submit_page.h"

#include "restore_wizard.h"
#include "restore_words.h"

#include "core/money.h"
#include "workspace/restore_plan_runner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace payops {

SubmitPage::SubmitPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_batch(new QLabel(this))
    , m_state(new QLabel(this))
    , m_submit(new QPushButton(tr("Submit for approval"), this))
    , m_check(new QPushButton(tr("Check for approval"), this))
{
    setTitle(tr("Submit for approval"));
    setSubTitle(tr("Submitting freezes the batch. A second person (finance) reviews and "
                   "approves it in the Approvals queue; you cannot approve your own."));
    m_batch->setObjectName(QStringLiteral("submitBatch"));
    m_batch->setWordWrap(true);
    m_batch->setTextFormat(Qt::RichText);
    m_batch->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setObjectName(QStringLiteral("submitState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::RichText);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_check->setObjectName(QStringLiteral("checkApprovalButton"));
    m_submit->setEnabled(false);

    connect(m_submit, &QPushButton::clicked, this, [this] {
        m_submit->setEnabled(false);
        m_state->setText(tr("Submitting…"));
        m_wizard->runner()->submit(m_wizard->batchId());
    });
    connect(m_check, &QPushButton::clicked, this,
            [this] { m_wizard->runner()->loadBatch(m_wizard->batchId()); });
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::submitted, this,
            [this](qint64 batchId, const QString &) {
                if (batchId != m_wizard->batchId())
                    return;
                emit m_wizard->batchSubmitted(m_wizard->caseId(), batchId);
                m_wizard->runner()->loadBatch(batchId);
            });
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::batchLoaded, this,
            &SubmitPage::showReview);
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::failed, this,
            [this](const QString &step, const QString &message) {
                if (m_wizard->currentPage() != this)
                    return;
                m_state->setText(tr("<span style='color:#8e0000'>Could not %1: %2</span>")
                                     .arg(step, message.toHtmlEscaped()));
                m_submit->setEnabled(m_review.state == u"draft");
            });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_check);
    buttons->addWidget(m_submit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_batch);
    layout->addWidget(m_state);
    layout->addStretch(1);
    layout->addLayout(buttons);
}

void SubmitPage::initializePage()
{
    m_review = {};
    m_state->setText(tr("Reading batch %1…").arg(m_wizard->batchId()));
    m_wizard->runner()->loadBatch(m_wizard->batchId());
}

void SubmitPage::showReview(const ops::BatchReview &r)
{
    if (r.id != m_wizard->batchId())
        return;
    m_review = r;
    if (m_wizard->caseId() == 0)
        m_wizard->setBatch(r.caseId, r.id);
    m_batch->setText(
        tr("<b>Batch %1</b> of <b>case %2</b>, built by %3<br>%4<br><br>"
           "%5 items; money the batch itself moves: %6<br>Bound to database <b>%7</b>, "
           "environment <b>%8</b>")
            .arg(r.id)
            .arg(r.caseId)
            .arg(r.createdBy.toHtmlEscaped(), r.description.toHtmlEscaped(),
                 formatCount(r.itemCount),
                 r.totals.isEmpty() ? tr("none (rows are put back, no payment is made)")
                                    : r.totals.toDisplayString().toHtmlEscaped(),
                 r.databaseName.toHtmlEscaped(), r.environment.toHtmlEscaped()));
    QString text = tr("The batch is <b>%1</b>.").arg(restore_words::batchState(r.state));
    if (r.state == u"submitted")
        text += tr(" It is in the Approvals queue (content hash <tt>%1</tt>); once someone "
                   "else approved it, Check for approval and go on to execute it.")
                    .arg(r.contentHash.left(16));
    else if (r.state == u"draft")
        text += tr(" Submit it when the dry run looks right.");
    if (!r.decisions.isEmpty())
        text += QStringLiteral("<br>") + r.decisions.join(QStringLiteral("<br>")).toHtmlEscaped();
    m_state->setText(text);
    m_submit->setEnabled(r.state == u"draft");
    m_check->setEnabled(r.state == u"submitted");
    emit completeChanged();
    emit reviewShown(r.state);
}

bool SubmitPage::isComplete() const
{
    static const QStringList onwards = {QStringLiteral("approved"), QStringLiteral("executing"),
                                        QStringLiteral("done"), QStringLiteral("partly_failed")};
    return onwards.contains(m_review.state);
}

} // namespace payops
