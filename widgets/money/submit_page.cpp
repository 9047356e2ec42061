#include "submit_page.h"

#include "money_wizard.h"

#include "core/money.h"
#include "widgets/restore/restore_words.h"
#include "workspace/money_plan_runner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace payops {

MoneySubmitPage::MoneySubmitPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_batch(new QLabel(this))
    , m_state(new QLabel(this))
    , m_submit(new QPushButton(tr("Submit for approval"), this))
{
    setTitle(tr("Submit for approval"));
    setSubTitle(tr("Submitting freezes the batch. A second person (finance) reviews and "
                   "approves it in the Approvals queue; you cannot approve your own."));
    m_batch->setObjectName(QStringLiteral("moneySubmitBatch"));
    m_batch->setWordWrap(true);
    m_batch->setTextFormat(Qt::RichText);
    m_batch->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setObjectName(QStringLiteral("moneySubmitState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::RichText);
    m_submit->setObjectName(QStringLiteral("moneySubmitButton"));
    m_submit->setEnabled(false);

    connect(m_submit, &QPushButton::clicked, this, [this] {
        m_submit->setEnabled(false);
        m_state->setText(tr("Submitting…"));
        m_wizard->runner()->submit(m_wizard->batchId());
    });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::submitted, this,
            [this](qint64 batchId, const QString &) {
                if (batchId != m_wizard->batchId())
                    return;
                emit m_wizard->batchSubmitted(m_wizard->caseId(), batchId);
                m_wizard->runner()->loadBatch(batchId);
            });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::batchLoaded, this,
            &MoneySubmitPage::showReview);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::failed, this,
            [this](const QString &step, const QString &message) {
                if (m_wizard->currentPage() != this)
                    return;
                m_state->setText(tr("<span style='color:#8e0000'>Could not %1: %2</span>")
                                     .arg(step, message.toHtmlEscaped()));
                m_submit->setEnabled(m_review.state == u"draft");
            });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_submit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_batch);
    layout->addWidget(m_state);
    layout->addStretch(1);
    layout->addLayout(buttons);
}

void MoneySubmitPage::initializePage()
{
    m_review = {};
    m_state->setText(tr("Reading batch %1…").arg(m_wizard->batchId()));
    m_wizard->runner()->loadBatch(m_wizard->batchId());
    emit completeChanged();
}

void MoneySubmitPage::showReview(const ops::BatchReview &r)
{
    if (r.id != m_wizard->batchId() || m_wizard->currentPage() != this)
        return;
    m_review = r;
    QStringList totals;
    for (const QString &currency : r.totals.currencies())
        totals << Money{r.totals.minorFor(currency), currency}.toDisplayString();
    m_batch->setText(tr("<b>Batch %1</b> (%2) of <b>case %3</b>, built by %4<br>%5<br><br>"
                        "%6 items; money the batch moves: <b>%7</b><br>Bound to database "
                        "<b>%8</b>, environment <b>%9</b>")
                         .arg(r.id)
                         .arg(r.kind.toHtmlEscaped())
                         .arg(r.caseId)
                         .arg(r.createdBy.toHtmlEscaped(), r.description.toHtmlEscaped(),
                              formatCount(r.itemCount),
                              totals.join(QStringLiteral(" + ")).toHtmlEscaped(),
                              r.databaseName.toHtmlEscaped(), r.environment.toHtmlEscaped()));
    QString text = tr("The batch is <b>%1</b>.").arg(restore_words::batchState(r.state));
    if (r.state == u"submitted")
        text += tr(" It is in the Approvals queue (content hash <tt>%1</tt>). Next: what "
                   "comes after the approval.")
                    .arg(r.contentHash.left(16));
    else if (r.state == u"draft")
        text += tr(" Submit it when the dry run looks right.");
    m_state->setText(text);
    m_submit->setEnabled(r.state == u"draft");
    emit completeChanged();
    emit reviewShown(r.state);
}

bool MoneySubmitPage::isComplete() const
{
    return !m_review.state.isEmpty() && m_review.state != u"draft";
}

} // namespace payops
