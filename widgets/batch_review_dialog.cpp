#include "batch_review_dialog.h"

#include "batch_customer_chart.h"
#include "core/environment.h"
#include "items/query_table_model.h"
#include "money/money_words.h"
#include "workspace/batch_decision_runner.h"
#include "workspace/workspace.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace payops {

namespace {

// The items' columns as an approver reads them, not as the table names them.
class ItemHeaders : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        // The rest come in words from QueryTableModel (items/column_presentation).
        const auto *items = qobject_cast<const QueryTableModel *>(sourceModel());
        if (items && orientation == Qt::Horizontal && role == Qt::DisplayRole &&
            items->columnNames().value(section) == u"change")
            return QObject::tr("Change (what is signed)");
        return QIdentityProxyModel::headerData(section, orientation, role);
    }
};

} // namespace

BatchReviewDialog::BatchReviewDialog(qint64 batchId, workspace::Workspace &workspace,
                                     QWidget *parent)
    : QDialog(parent)
    , m_batchId(batchId)
    , m_decision(workspace.createBatchDecision(batchId, this))
    , m_items(workspace.createTableModel(this))
    , m_environment(new QLabel(this))
    , m_repairs(new QLabel(this))
    , m_currencies(new QTreeWidget(this))
    , m_customers(new BatchCustomerChart(this))
    , m_header(new QLabel(this))
    , m_moneyLabel(new QLabel(this))
    , m_outcome(new QLabel(this))
    , m_table(new QTableView(this))
    , m_reason(new QLineEdit(this))
    , m_approve(new QPushButton(tr("Approve…"), this))
    , m_reject(new QPushButton(tr("Reject"), this))
{
    setObjectName(QStringLiteral("batchReviewDialog"));
    setWindowTitle(tr("Review batch %1").arg(batchId));
    resize(1100, 920);
    // The environment first, large, in its colour (production red): a
    // signature binds the batch to it.
    m_environment->setObjectName(QStringLiteral("reviewEnvironment"));
    m_environment->setAlignment(Qt::AlignCenter);
    m_environment->setText(tr("Loading the batch…"));
    m_repairs->setObjectName(QStringLiteral("reviewRepairs"));
    m_repairs->setTextFormat(Qt::RichText);
    m_repairs->setWordWrap(true);
    m_repairs->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_currencies->setObjectName(QStringLiteral("reviewCurrencies"));
    m_currencies->setHeaderLabels(
        {tr("Currency"), tr("Items"), tr("This batch"), tr("The findings"), tr("Check")});
    m_currencies->setRootIsDecorated(false);
    m_currencies->setMaximumHeight(120);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_moneyLabel->setObjectName(QStringLiteral("reviewMoney"));
    m_moneyLabel->setTextFormat(Qt::RichText);
    m_moneyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_moneyLabel->setWordWrap(true);
    m_moneyLabel->setVisible(false);
    m_outcome->setObjectName(QStringLiteral("reviewOutcome"));
    m_outcome->setWordWrap(true);
    auto *headers = new ItemHeaders(this);
    headers->setSourceModel(m_items);
    m_table->setObjectName(QStringLiteral("reviewItems"));
    m_table->setModel(headers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide(); // the item's own number is its first column
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_items, &QueryTableModel::pageLoaded, m_table, [this] {
        m_table->resizeColumnsToContents();
        m_table->setColumnWidth(m_items->columnCount() - 1, 400);
    });
    m_reason->setPlaceholderText(tr("Reason (required to reject)"));
    m_reason->setObjectName(QStringLiteral("rejectReason"));
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_approve->setEnabled(false);
    m_reject->setEnabled(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_reason, 1);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_approve);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_environment);
    layout->addWidget(m_repairs);
    layout->addWidget(m_currencies);
    layout->addWidget(m_customers);
    layout->addWidget(m_header);
    layout->addWidget(m_moneyLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_outcome);
    layout->addLayout(buttons);

    askPassword = [this](const QString &question, bool *ok) {
        return QInputDialog::getText(this, tr("Confirm your password"), question,
                                     QLineEdit::Password, QString(), ok);
    };
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_reason, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_reject->setEnabled(m_review.state == u"submitted" && !text.trimmed().isEmpty());
    });

    connect(m_decision, &workspace::BatchDecisionRunner::loaded, this,
            &BatchReviewDialog::showReview);
    connect(m_decision, &workspace::BatchDecisionRunner::loadFailed, m_outcome, &QLabel::setText);
    connect(m_decision, &workspace::BatchDecisionRunner::moneyLoaded, this,
            [this](const workspace::BatchMoney &money) {
                m_money = money;
                showMoney();
            });
    connect(m_decision, &workspace::BatchDecisionRunner::moneyLoadFailed, this,
            [this](const QString &message) {
                m_moneyProblem = message;
                showMoney();
            });
    connect(m_decision, &workspace::BatchDecisionRunner::approved, this,
            [this](const QString &state) {
                finish(tr("Approved; the batch is now %1.").arg(state), true);
            });
    connect(m_decision, &workspace::BatchDecisionRunner::rejected, this,
            [this] { finish(tr("Rejected."), true); });
    connect(m_decision, &workspace::BatchDecisionRunner::refused, this,
            [this](const QString &message) { finish(message, false); });
    m_decision->load();
    m_items->setQuery(ops::batchItemsSql(batchId));
}

void BatchReviewDialog::showReview(const ops::BatchReview &r)
{
    m_review = r;
    m_header->setText(
        tr("<b>Batch %1: %2</b> (%3)<br><b>What it does:</b> %4<br>Built by <b>%5</b> at %6, "
           "submitted by <b>%7</b><br>"
           "Bound to database <b>%8</b> on cluster %9, environment <b>%10</b><br>"
           "<b>%11 items</b> (each listed below), money the items move: <b>%12</b><br>"
           "Content hash (what you sign): <tt>%13</tt><br>%14")
            .arg(r.id)
            .arg(r.kind.toHtmlEscaped(), r.state.toHtmlEscaped(), r.description.toHtmlEscaped(),
                 r.createdBy.toHtmlEscaped(), r.createdAt.toHtmlEscaped(),
                 r.submittedBy.toHtmlEscaped(), r.databaseName.toHtmlEscaped(),
                 r.systemIdentifier.toHtmlEscaped())
            .arg(r.environment.toHtmlEscaped(), formatCount(r.itemCount),
                 r.totals.isEmpty() ? tr("none (rows are put back; no payment is made)")
                                    : r.totals.toDisplayString().toHtmlEscaped(),
                 r.contentHash,
                 r.decisions.isEmpty() ? tr("No decisions yet.")
                                       : r.decisions.join(QStringLiteral("<br>")).toHtmlEscaped()));
    m_approve->setEnabled(r.state == u"submitted");
    showRepairs(r);
    m_customers->showReview(r);
    m_reviewed = true;
    showMoney();
    emit loaded();
}

void BatchReviewDialog::showRepairs(const ops::BatchReview &r)
{
    const Environment environment = Environment::fromLabel(r.environment);
    m_environment->setText(
        tr("%1 &mdash; database %2")
            .arg(environment.displayName().toHtmlEscaped(), r.databaseName.toHtmlEscaped()));
    m_environment->setTextFormat(Qt::RichText);
    m_environment->setStyleSheet(QStringLiteral("QLabel#reviewEnvironment { background: %1; "
                                                "color: white; font-size: 20pt; font-weight: "
                                                "bold; padding: 10px; }")
                                     .arg(environment.bannerColorName()));

    QString text = tr("<b>Repairs:</b> case %1, “%2” (%3)")
                       .arg(r.caseId)
                       .arg(r.caseTitle.toHtmlEscaped(), r.caseStatus.toHtmlEscaped());
    text += r.findingTitles.isEmpty()
                ? tr("<br><span style='color:#8e0000'>The case holds no finding: nothing to "
                     "check this batch's money against.</span>")
                : tr("<br><b>Finding%1:</b> %2")
                      .arg(r.findingTitles.size() > 1 ? QStringLiteral("s") : QString(),
                           r.findingTitles.join(QStringLiteral("; ")).toHtmlEscaped());
    if (r.itemsInOpenBatches > 0)
        text += tr("<br><span style='color:#8e0000'><b>%1 items are also in batch %2</b>, still "
                   "open: the same rows would be repaired twice.</span>")
                    .arg(formatCount(r.itemsInOpenBatches), r.openBatches.toHtmlEscaped());
    if (r.itemsAlreadyDone > 0)
        text += tr("<br><span style='color:#8e0000'><b>%1 items were already repaired or "
                   "refunded</b> by batch %2.</span>")
                    .arg(formatCount(r.itemsAlreadyDone), r.doneBatches.toHtmlEscaped());
    if (r.itemsInOpenBatches == 0 && r.itemsAlreadyDone == 0)
        text += tr("<br>No item is in another open or finished batch.");
    m_repairs->setText(text);

    // Per currency: the batch's money beside the findings', and whether it
    // stays within them.
    m_currencies->clear();
    for (const ops::BatchReview::CurrencyShare &share : r.perCurrency) {
        auto *item = new QTreeWidgetItem(m_currencies);
        item->setText(0, share.currency.isEmpty() ? tr("(no money)") : share.currency);
        item->setText(1, formatCount(share.items));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        if (share.currency.isEmpty())
            continue;
        item->setText(2, Money{share.minor, share.currency}.toDisplayString());
        const bool known = r.findingTotals.currencies().contains(share.currency);
        const qint64 found = r.findingTotals.minorFor(share.currency);
        item->setText(3, known ? Money{found, share.currency}.toDisplayString() : tr("none"));
        const bool within = known && std::abs(share.minor) <= std::abs(found);
        item->setText(4, within ? tr("within the findings") : tr("MORE than the findings"));
        item->setForeground(4, QColor(within ? "#1b5e20" : "#8e0000"));
        for (int c = 2; c < 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    for (int c = 0; c < m_currencies->columnCount(); ++c)
        m_currencies->resizeColumnToContents(c);
    m_currencies->setVisible(!r.perCurrency.isEmpty());
}

QString BatchReviewDialog::repairsText() const
{
    return m_repairs->text();
}

void BatchReviewDialog::showMoney()
{
    // Both answers are needed: the totals are the review's, the rest the items'.
    if (!m_reviewed || (!m_money && m_moneyProblem.isEmpty()))
        return;
    static const QStringList moneyKinds = {QStringLiteral("refund"), QStringLiteral("reversal"),
                                           QStringLiteral("claw-back"),
                                           QStringLiteral("write-off")};
    const bool moneyKind = moneyKinds.contains(m_review.kind);
    if (!m_money) {
        // A money batch whose money could not be read is not signed blind.
        m_moneyLabel->setVisible(moneyKind);
        m_moneyLabel->setText(tr("<span style='color:#8e0000'>Could not read where this batch's "
                                 "money goes: %1</span>")
                                  .arg(m_moneyProblem.toHtmlEscaped()));
        emit moneyShown();
        return;
    }
    if (!m_money->movesMoney() && !moneyKind) {
        m_moneyLabel->setVisible(false);
        emit moneyShown();
        return;
    }
    QStringList totals;
    for (const QString &currency : m_review.totals.currencies())
        totals << QStringLiteral("<b>%1</b>")
                      .arg(Money{m_review.totals.minorFor(currency), currency}
                               .toDisplayString()
                               .toHtmlEscaped());
    m_moneyLabel->setText(
        tr("<b>Money per currency:</b> %1<br><b>Accounts:</b> %2 accounts (whose money this "
           "is)<br><b>Where it goes:</b> %3")
            .arg(totals.isEmpty() ? tr("none") : totals.join(QStringLiteral(" &nbsp;·&nbsp; ")),
                 formatCount(m_money->accounts),
                 money_words::batchDestination(*m_money).toHtmlEscaped()));
    m_moneyLabel->setStyleSheet(
        QStringLiteral("QLabel#reviewMoney { background: #f3f6fb; border: 1px solid #c5d0e0; "
                       "padding: 6px; }"));
    m_moneyLabel->setVisible(true);
    emit moneyShown();
}

QString BatchReviewDialog::moneyText() const
{
    return m_moneyLabel->isVisibleTo(this) ? m_moneyLabel->text() : QString();
}

void BatchReviewDialog::decide(bool approve)
{
    const QString reason = m_reason->text().trimmed();
    bool ok = false;
    // Re-authenticate even when the password sits in the keychain: the
    // signature is the person at the keyboard, now.
    const QString password =
        askPassword(tr("%1 batch %2 (%3) as %4: type your database password.")
                        .arg(approve ? tr("Approve") : tr("Reject"))
                        .arg(m_batchId)
                        .arg(m_review.totals.toDisplayString(),
                             m_decision->user().isEmpty() ? tr("yourself") : m_decision->user()),
                    &ok);
    if (!ok)
        return;
    m_approve->setEnabled(false);
    m_reject->setEnabled(false);
    if (approve)
        m_decision->approve(password, m_review.contentHash);
    else
        m_decision->reject(password, reason);
}

void BatchReviewDialog::finish(const QString &text, bool accepted)
{
    m_outcome->setText(text);
    m_outcome->setStyleSheet(accepted ? QStringLiteral("color: #1b5e20;")
                                      : QStringLiteral("color: #8e0000;"));
    m_approve->setEnabled(!accepted && m_review.state == u"submitted");
    emit decided(text, accepted);
}

QString BatchReviewDialog::outcome() const
{
    return m_outcome->text();
}

} // namespace payops
