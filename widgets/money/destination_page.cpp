#include "destination_page.h"

#include "money_wizard.h"
#include "money_words.h"

#include "core/environment.h"
#include "core/money.h"
#include "items/query_table_model.h"
#include "ops/cases.h"
#include "workspace/money_plan_runner.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace payops {

MoneyDestinationPage::MoneyDestinationPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_destination(new QLabel(this))
    , m_environment(new QLabel(this))
    , m_money(new QLabel(this))
    , m_acquirers(new QLabel(this))
    , m_status(new QLabel(this))
    , m_case(new QComboBox(this))
    , m_newCase(new QLineEdit(this))
    , m_description(new QPlainTextEdit(this))
    , m_cases(wizard->workspace().createTableModel(this))
{
    setTitle(tr("Where the money goes"));
    setSubTitle(tr("Read this before the batch is drafted: where each item moves money, on "
                   "which database, and into which case. Next drafts the batch into the case; "
                   "nothing is sent."));
    m_destination->setObjectName(QStringLiteral("moneyDestination"));
    m_destination->setWordWrap(true);
    m_destination->setTextFormat(Qt::RichText);
    m_environment->setObjectName(QStringLiteral("moneyEnvironment"));
    m_environment->setWordWrap(true);
    m_environment->setTextFormat(Qt::RichText);
    m_environment->setMinimumHeight(34);
    m_money->setObjectName(QStringLiteral("moneyTotals"));
    m_money->setWordWrap(true);
    m_money->setTextFormat(Qt::RichText);
    m_acquirers->setObjectName(QStringLiteral("severalAcquirers"));
    m_acquirers->setWordWrap(true);
    m_acquirers->setStyleSheet(
        QStringLiteral("color: #5d4000; background: #fff8e1; padding: 4px;"));
    m_acquirers->setVisible(false);
    m_status->setObjectName(QStringLiteral("destinationStatus"));
    m_status->setWordWrap(true);
    m_case->setObjectName(QStringLiteral("moneyCaseChoice"));
    m_newCase->setObjectName(QStringLiteral("newCaseTitle"));
    m_newCase->setPlaceholderText(tr("The new case's title"));
    m_description->setObjectName(QStringLiteral("moneyBatchDescription"));
    m_description->setMaximumHeight(90);
    for (QLabel *label : {m_destination, m_money})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::destinationRead, this,
            &MoneyDestinationPage::showDestination);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::drafted, this,
            [this](qint64 caseId, qint64 batchId) {
                if (!m_drafting)
                    return;
                m_drafting = false;
                m_wizard->setBatch(caseId, batchId);
                emit m_wizard->batchDrafted(caseId, batchId);
                m_wizard->next();
            });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::failed, this,
            [this](const QString &step, const QString &message) {
                if (m_wizard->currentPage() != this)
                    return;
                m_drafting = false;
                m_status->setText(tr("Could not %1: %2").arg(step, message));
                m_status->setStyleSheet(QStringLiteral("color: #8e0000;"));
                emit completeChanged();
            });
    connect(m_cases, &QueryTableModel::pageLoaded, this, &MoneyDestinationPage::fillCases);
    connect(m_case, &QComboBox::currentIndexChanged, this, [this] {
        m_newCase->setVisible(m_case->currentData().toLongLong() == 0 &&
                              !m_wizard->start().finding);
        emit completeChanged();
    });
    connect(m_newCase, &QLineEdit::textChanged, this, &MoneyDestinationPage::completeChanged);

    auto *where = new QGroupBox(tr("Destination"), this);
    auto *whereLayout = new QVBoxLayout(where);
    whereLayout->addWidget(m_destination);
    auto *bound = new QGroupBox(tr("Bound to"), this);
    auto *boundLayout = new QVBoxLayout(bound);
    boundLayout->addWidget(m_environment);
    auto *what = new QGroupBox(tr("Money and people"), this);
    auto *whatLayout = new QVBoxLayout(what);
    whatLayout->addWidget(m_money);
    whatLayout->addWidget(m_acquirers);
    auto *draft = new QGroupBox(tr("Case"), this);
    auto *draftForm = new QFormLayout(draft);
    draftForm->addRow(tr("Draft into:"), m_case);
    draftForm->addRow(QString(), m_newCase);
    draftForm->addRow(tr("Description:"), m_description);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(where);
    layout->addWidget(bound);
    layout->addWidget(what);
    layout->addWidget(draft);
    layout->addWidget(m_status);
    layout->addStretch(1);
}

void MoneyDestinationPage::initializePage()
{
    const workspace::PlannedMoney &planned = m_wizard->planned();
    const workspace::MoneyOperation operation = planned.request.operation;
    m_known = false;
    m_status->clear();
    m_status->setStyleSheet(QString());
    m_destination->setText(
        tr("<span style='font-size:13pt'><b>%1</b></span><br>%2")
            .arg(
                money_words::destinationHeading(operation, planned.request.ledger).toHtmlEscaped(),
                money_words::destinationDetail(operation, planned.request.ledger).toHtmlEscaped()));
    m_environment->setText(tr("Reading the database's binding…"));
    m_environment->setStyleSheet(QString());

    // Per acquirer or provider, as the plan's items name them.
    QMap<QString, std::pair<qint64, MoneyTotals>> perProvider;
    for (int i = 0; i < planned.plan.items.size(); ++i) {
        auto &group = perProvider[planned.providers.value(i)];
        ++group.first;
        group.second.add(planned.plan.items[i].currency, planned.plan.items[i].amountMinor);
    }
    QStringList groups;
    for (auto it = perProvider.cbegin(); it != perProvider.cend(); ++it)
        groups << tr("%1: %2, %3")
                      .arg(it.key().isEmpty() ? tr("not named by the data") : it.key(),
                           money_words::items(operation, it.value().first),
                           it.value().second.toDisplayString())
                      .toHtmlEscaped();
    QStringList totals;
    for (const QString &currency : planned.plan.totals.currencies())
        totals << Money{planned.plan.totals.minorFor(currency), currency}.toDisplayString();
    m_money->setText(
        tr("<b>%1</b>, in total <b>%2</b>, the money of <b>%3 accounts</b> (the people "
           "outreach will contact).<br>%4%5")
            .arg(money_words::items(operation, planned.plan.items.size()),
                 totals.join(QStringLiteral(" + ")).toHtmlEscaped(),
                 formatCount(planned.plan.accounts.size()),
                 planned.providerColumn.isEmpty()
                     ? tr("No column of the refunds or the charges names who moved the money: ")
                     : tr("Per acquirer or provider (%1): ")
                           .arg(planned.providerColumn.toHtmlEscaped()),
                 groups.join(QStringLiteral("; "))));
    // One run hands every item of a batch to one acquirer (payops batch run
    // --acquirer): a batch whose refunds two acquirers paid out says so now.
    m_acquirers->setVisible(operation == workspace::MoneyOperation::Reversal &&
                            perProvider.size() > 1);
    m_acquirers->setText(
        tr("These refunds were paid out by %1 acquirers. A run hands all of a batch's items "
           "to one acquirer: to hand each its own, go back and plan one batch per acquirer "
           "(add a condition on %2 to the query).")
            .arg(perProvider.size())
            .arg(planned.providerColumn.isEmpty() ? tr("the acquirer") : planned.providerColumn));
    m_description->setPlainText(describe());
    m_wizard->runner()->readDestination();
    m_cases->setQuery(ops::casesSql());
    emit completeChanged();
}

void MoneyDestinationPage::showDestination(const workspace::MoneyDestination &destination)
{
    m_wizard->setDestination(destination);
    m_known = true;
    // The environment banner's colours: a batch bound to production is red here too.
    const Environment environment = Environment::fromLabel(destination.environment);
    m_environment->setStyleSheet(QStringLiteral("QLabel#moneyEnvironment { background: %1; color: "
                                                "white; font-weight: bold; padding: 6px; }")
                                     .arg(environment.bannerColorName()));
    m_environment->setText(
        tr("<span style='font-size:14pt'>%1</span> &nbsp; database <b>%2</b>%3 &middot; the "
           "batch runs on this database only")
            .arg(environment.displayName().toHtmlEscaped(),
                 destination.databaseName.toHtmlEscaped(),
                 destination.systemIdentifier.isEmpty()
                     ? QString()
                     : tr(" on cluster %1").arg(destination.systemIdentifier.toHtmlEscaped())));
    emit completeChanged();
    emit destinationShown();
}

void MoneyDestinationPage::fillCases()
{
    const qint64 wanted = m_case->currentData().toLongLong();
    m_case->clear();
    m_case->addItem(
        m_wizard->start().finding
            ? tr("A new case opened from the finding “%1”").arg(m_wizard->start().finding->title)
            : tr("A new case"),
        qint64(0));
    for (int r = 0; r < m_cases->rowCount(); ++r) {
        if (m_cases->rawValue(r, 3) != u"open")
            continue;
        const qint64 id = m_cases->rawValue(r, 0).toLongLong();
        m_case->addItem(tr("Case %1: %2").arg(id).arg(m_cases->rawValue(r, 1)), id);
        if (id == wanted)
            m_case->setCurrentIndex(m_case->count() - 1);
    }
    emit completeChanged();
}

QString MoneyDestinationPage::describe() const
{
    // The approver reads this: the plan's own summary, where it goes and
    // where it came from.
    const workspace::PlannedMoney &planned = m_wizard->planned();
    QString text = QStringLiteral("%1: %2. %3.")
                       .arg(planned.request.operation == workspace::MoneyOperation::Refund
                                ? QStringLiteral("Refunds")
                                : QStringLiteral("Reversals"),
                            planned.plan.summary(),
                            money_words::destinationHeading(planned.request.operation,
                                                            planned.request.ledger));
    if (m_wizard->start().finding)
        text += QStringLiteral(" From the finding “%1”.").arg(m_wizard->start().finding->title);
    return text.left(2000);
}

bool MoneyDestinationPage::isComplete() const
{
    const bool caseChosen = m_case->count() > 0 &&
                            (m_case->currentData().toLongLong() > 0 || m_wizard->start().finding ||
                             !m_newCase->text().trimmed().isEmpty());
    return m_known && caseChosen && !m_drafting;
}

bool MoneyDestinationPage::validatePage()
{
    if (m_wizard->batchId() > 0)
        return true; // drafted already
    m_drafting = true;
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Drafting the batch…"));
    emit completeChanged();
    const qint64 caseId = m_case->currentData().toLongLong();
    m_wizard->runner()->draft(caseId, caseId == 0 ? m_wizard->start().finding : std::nullopt,
                              m_newCase->text(), m_wizard->planned().plan,
                              m_description->toPlainText());
    return false; // the answer moves on (drafted)
}

} // namespace payops
