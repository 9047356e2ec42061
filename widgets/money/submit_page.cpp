#include "submit_page.h"

#include "money_wizard.h"
#include "money_words.h"

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
    setSubTitle(tr("Submitting freezes the batches. A second person (finance) reviews and "
                   "approves each in the Approvals queue; you cannot approve your own."));
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
        for (const ops::BatchReview &review : reviews())
            if (review.state == u"draft")
                m_wizard->runner()->submit(review.id);
    });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::submitted, this,
            [this](qint64 batchId, const QString &) {
                if (!m_reviews.contains(batchId))
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
                const QVector<ops::BatchReview> all = reviews();
                m_submit->setEnabled(std::any_of(
                    all.cbegin(), all.cend(), [](const auto &r) { return r.state == u"draft"; }));
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
    m_reviews.clear();
    m_batch->clear();
    m_state->setText(tr("Reading the drafts…"));
    for (const workspace::DraftedBatch &batch : m_wizard->batches())
        m_wizard->runner()->loadBatch(batch.id);
    emit completeChanged();
}

QVector<ops::BatchReview> MoneySubmitPage::reviews() const
{
    QVector<ops::BatchReview> all;
    for (const workspace::DraftedBatch &batch : m_wizard->batches())
        if (m_reviews.contains(batch.id))
            all.append(m_reviews.value(batch.id));
    return all;
}

QString MoneySubmitPage::commonState() const
{
    const QVector<ops::BatchReview> all = reviews();
    if (all.isEmpty() || all.size() != m_wizard->batches().size())
        return {};
    for (const ops::BatchReview &r : all)
        if (r.state != all.first().state)
            return {};
    return all.first().state;
}

void MoneySubmitPage::showReview(const ops::BatchReview &r)
{
    if (m_wizard->currentPage() != this)
        return;
    const auto &batches = m_wizard->batches();
    if (std::none_of(batches.cbegin(), batches.cend(),
                     [&r](const workspace::DraftedBatch &b) { return b.id == r.id; }))
        return;
    m_reviews.insert(r.id, r);
    if (m_reviews.size() == batches.size())
        showAll();
}

void MoneySubmitPage::showAll()
{
    QStringList blocks;
    for (const workspace::DraftedBatch &batch : m_wizard->batches()) {
        const ops::BatchReview r = m_reviews.value(batch.id);
        QStringList totals;
        for (const QString &currency : r.totals.currencies())
            totals << Money{r.totals.minorFor(currency), currency}.toDisplayString();
        const auto destination = m_wizard->destinationNamed(batch.destination);
        blocks << tr("<b>Batch %1</b> (%2) of <b>case %3</b>, built by %4, <b>%5</b><br>%6<br>"
                     "%7; money: <b>%8</b>%9<br>Bound to database <b>%10</b>, environment "
                     "<b>%11</b>")
                      .arg(r.id)
                      .arg(r.kind.toHtmlEscaped())
                      .arg(r.caseId)
                      .arg(
                          r.createdBy.toHtmlEscaped(),
                          restore_words::batchState(r.state).toHtmlEscaped(),
                          r.description.toHtmlEscaped(),
                          money_words::itemsOfKind(r.kind, r.itemCount),
                          totals.isEmpty() ? tr("none")
                                           : totals.join(QStringLiteral(" + ")).toHtmlEscaped(),
                          destination
                              ? tr("<br>To %1")
                                    .arg(money_words::destinationLine(*destination).toHtmlEscaped())
                              : QString(),
                          r.databaseName.toHtmlEscaped(), r.environment.toHtmlEscaped());
    }
    m_batch->setText(blocks.join(QStringLiteral("<br><br>")));
    const QString state = commonState();
    QString text;
    if (state == u"submitted")
        text = tr("%1 in the Approvals queue. Next: what comes after the approval.")
                   .arg(m_reviews.size() == 1 ? tr("The batch is") : tr("The batches are"));
    else if (state == u"draft")
        text = tr("Submit when the dry run looks right: every batch here is submitted.");
    else
        text = tr("The batches are in different states (see above).");
    m_state->setText(text);
    const QVector<ops::BatchReview> all = reviews();
    m_submit->setEnabled(
        std::any_of(all.cbegin(), all.cend(), [](const auto &r) { return r.state == u"draft"; }));
    emit completeChanged();
    emit reviewShown(state);
}

bool MoneySubmitPage::isComplete() const
{
    const QVector<ops::BatchReview> all = reviews();
    return !all.isEmpty() && all.size() == m_wizard->batches().size() &&
           std::none_of(all.cbegin(), all.cend(),
                        [](const auto &r) { return r.state.isEmpty() || r.state == u"draft"; });
}

} // namespace payops
