#include "destination_page.h"

#include "money_wizard.h"
#include "money_words.h"

#include "core/environment.h"
#include "core/money.h"
#include "items/query_table_model.h"
#include "ops/cases.h"
#include "widgets/restore/rows_table_model.h"
#include "workspace/money_plan_runner.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

using workspace::MoneyOperation;

namespace {

// The statuses of a case that is still being worked (migration 006): a
// batch may be drafted into it.
bool stillWorked(const QString &status)
{
    return status == u"open" || status == u"mitigating" || status == u"monitoring";
}

} // namespace

MoneyDestinationPage::MoneyDestinationPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_destination(new QLabel(this))
    , m_destinations(new RowsTableModel(
          {tr("Destination"), tr("Where it goes"), tr("Environment"), tr("How it takes money")},
          this))
    , m_destinationsView(new QTableView(this))
    , m_missing(new QLabel(this))
    , m_reread(new QPushButton(tr("Read the destinations again"), this))
    , m_split(new QCheckBox(this))
    , m_groupsBox(new QWidget(this))
    , m_groupsForm(new QFormLayout(m_groupsBox))
    , m_environment(new QLabel(this))
    , m_money(new QLabel(this))
    , m_acquirers(new QLabel(this))
    , m_status(new QLabel(this))
    , m_case(new QComboBox(this))
    , m_newCase(new QLineEdit(this))
    , m_descriptionLabel(new QLabel(this))
    , m_description(new QPlainTextEdit(this))
    , m_cases(wizard->workspace().createTableModel(this))
{
    setTitle(tr("Where the money goes"));
    setSubTitle(tr("Read this before anything is drafted: where the money goes, on which "
                   "database, and into which case. Next drafts the batches into the case and "
                   "puts the people on its roster; nothing is sent."));
    m_destination->setObjectName(QStringLiteral("moneyDestination"));
    m_destination->setWordWrap(true);
    m_destination->setTextFormat(Qt::RichText);
    m_destinationsView->setObjectName(QStringLiteral("moneyDestinations"));
    m_destinationsView->setModel(m_destinations);
    m_destinationsView->verticalHeader()->hide();
    m_destinationsView->horizontalHeader()->setStretchLastSection(true);
    m_destinationsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_destinationsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_destinationsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_destinationsView->setWordWrap(false);
    m_destinationsView->setMaximumHeight(150);
    m_missing->setObjectName(QStringLiteral("missingDestination"));
    m_missing->setWordWrap(true);
    m_missing->setTextFormat(Qt::RichText);
    m_missing->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_missing->setStyleSheet(QStringLiteral("QLabel#missingDestination { color: #8e0000; "
                                            "background: #fdecea; padding: 6px; }"));
    m_reread->setObjectName(QStringLiteral("rereadDestinations"));
    m_split->setObjectName(QStringLiteral("oneBatchPerAcquirer"));
    m_groupsBox->setObjectName(QStringLiteral("acquirerGroups"));
    m_groupsForm->setContentsMargins(24, 0, 0, 0);
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
    m_description->setMaximumHeight(70);
    for (QLabel *label : {m_destination, m_money})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::bindingRead, this,
            &MoneyDestinationPage::showBinding);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::drafted, this,
            [this](const workspace::DraftedMoney &drafted) {
                if (!m_drafting)
                    return;
                m_drafting = false;
                m_wizard->setDrafted(drafted);
                emit m_wizard->batchDrafted(drafted.caseId);
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
    connect(m_destinationsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MoneyDestinationPage::showChoice);
    connect(m_reread, &QPushButton::clicked, this, [this] {
        m_known = false;
        m_missing->setText(tr("Reading the destinations registered on this database…"));
        emit completeChanged();
        m_wizard->runner()->readBinding();
    });
    connect(m_split, &QCheckBox::toggled, this, &MoneyDestinationPage::showSplit);
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
    whereLayout->addWidget(m_destinationsView);
    auto *missingRow = new QHBoxLayout;
    missingRow->addWidget(m_missing, 1);
    missingRow->addStretch();
    missingRow->addWidget(m_reread, 0, Qt::AlignTop);
    whereLayout->addLayout(missingRow);
    whereLayout->addWidget(m_split);
    whereLayout->addWidget(m_groupsBox);
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
    draftForm->addRow(m_descriptionLabel, m_description);
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
    const MoneyOperation operation = planned.request.operation;
    m_known = false;
    m_adapter = workspace::destinationAdapter(planned.request);
    m_fitting.clear();
    m_destinations->setRows({});
    m_status->clear();
    m_status->setStyleSheet(QString());
    m_destination->setText(
        tr("<span style='font-size:13pt'><b>%1</b></span><br>%2")
            .arg(
                money_words::destinationHeading(operation, planned.request.ledger).toHtmlEscaped(),
                money_words::destinationDetail(operation, planned.request.ledger).toHtmlEscaped()));
    m_destinationsView->setVisible(!m_adapter.isEmpty());
    m_missing->setVisible(!m_adapter.isEmpty());
    m_missing->setText(tr("Reading the destinations registered on this database…"));
    m_reread->setVisible(false);
    m_environment->setText(tr("Reading the database's binding…"));
    m_environment->setStyleSheet(QString());

    // Per acquirer or provider, as the plan's items name them.
    m_groups = operation == MoneyOperation::Clawback ? QVector<workspace::ProviderGroup>()
                                                     : workspace::providerGroups(planned);
    QStringList groups;
    for (const workspace::ProviderGroup &group : m_groups)
        groups << tr("%1: %2, %3")
                      .arg(group.provider.isEmpty() ? tr("not named by the data") : group.provider,
                           money_words::items(operation, group.items.size()),
                           group.totals.toDisplayString())
                      .toHtmlEscaped();
    QStringList totals;
    for (const QString &currency : planned.plan.totals.currencies())
        totals << Money{planned.plan.totals.minorFor(currency), currency}.toDisplayString();
    if (operation == MoneyOperation::Clawback)
        m_money->setText(
            tr("<b>%1</b> taking back <b>%2</b>, and <b>%3</b> of <b>%4</b>, for <b>%5 "
               "investors</b>: they go on the case's roster, where support records whether each "
               "agreed.")
                .arg(money_words::itemsOfKind(QStringLiteral("claw-back"),
                                              planned.plan.items.size()),
                     planned.plan.totals.isEmpty()
                         ? tr("nothing")
                         : planned.plan.totals.toDisplayString().toHtmlEscaped(),
                     money_words::itemsOfKind(QStringLiteral("write-off"),
                                              planned.writeOff.items.size()),
                     planned.writeOff.totals.isEmpty()
                         ? tr("nothing")
                         : planned.writeOff.totals.toDisplayString().toHtmlEscaped(),
                     formatCount(planned.people.size())));
    else
        m_money->setText(
            tr("<b>%1</b>, in total <b>%2</b>, the money of <b>%3 accounts</b> (they go on the "
               "case's roster, for outreach).<br>%4%5")
                .arg(money_words::items(operation, planned.plan.items.size()),
                     totals.join(QStringLiteral(" + ")).toHtmlEscaped(),
                     formatCount(planned.plan.accounts.size()),
                     planned.providerColumn.isEmpty()
                         ? tr("No column of the refunds or the charges names who moved the "
                              "money: ")
                         : tr("Per acquirer or provider (%1): ")
                               .arg(planned.providerColumn.toHtmlEscaped()),
                     groups.join(QStringLiteral("; "))));
    // A run hands all of a batch's items to its one destination: a reversal
    // whose refunds several acquirers paid out is best one batch each.
    m_several = operation == MoneyOperation::Reversal && m_groups.size() > 1;
    m_split->setVisible(m_several);
    m_split->setText(tr("One batch per acquirer (%1 batches), each to the destination picked "
                        "for it")
                         .arg(m_groups.size()));
    m_split->blockSignals(true);
    m_split->setChecked(m_several);
    m_split->blockSignals(false);
    m_acquirers->setText(
        tr("These refunds were paid out by %1 acquirers, and one batch goes to one "
           "destination: all of them would be handed to the one picked above. Tick “One batch "
           "per acquirer” to hand each acquirer its own.")
            .arg(m_groups.size()));
    showGroups();
    m_descriptionLabel->setText(operation == MoneyOperation::Clawback
                                    ? tr("Added to both\ndescriptions:")
                                    : tr("Description:"));
    m_described = describe();
    m_description->setPlainText(m_described);
    m_wizard->runner()->readBinding();
    m_cases->setQuery(ops::casesSql());
    emit completeChanged();
}

void MoneyDestinationPage::showBinding(const workspace::MoneyBinding &binding)
{
    m_wizard->setBinding(binding);
    m_known = true;
    // The environment banner's colours: a batch bound to production is red here too.
    const Environment environment = Environment::fromLabel(binding.environment);
    m_environment->setStyleSheet(QStringLiteral("QLabel#moneyEnvironment { background: %1; color: "
                                                "white; font-weight: bold; padding: 6px; }")
                                     .arg(environment.bannerColorName()));
    m_environment->setText(
        tr("<span style='font-size:14pt'>%1</span> &nbsp; database <b>%2</b>%3 &middot; the "
           "batches run on this database only")
            .arg(environment.displayName().toHtmlEscaped(), binding.databaseName.toHtmlEscaped(),
                 binding.systemIdentifier.isEmpty()
                     ? QString()
                     : tr(" on cluster %1").arg(binding.systemIdentifier.toHtmlEscaped())));

    // The registered destinations that fit the plan's money, and what is missing.
    m_fitting.clear();
    QStringList others;
    for (const exec::MoneyDestination &d : binding.destinations) {
        if (d.adapter == m_adapter)
            m_fitting.append(d);
        else
            others << QStringLiteral("%1 (%2)").arg(d.name, money_words::adapterWords(d.adapter));
    }
    QVector<QStringList> rows;
    for (const exec::MoneyDestination &d : m_fitting)
        rows.append({d.name, money_words::destinationAddress(d), d.environment,
                     money_words::adapterWords(d.adapter)});
    m_destinations->setRows(rows);
    m_destinationsView->resizeColumnsToContents();
    const bool missing = !m_adapter.isEmpty() && m_fitting.isEmpty();
    m_missing->setVisible(missing);
    m_destinationsView->setVisible(!m_adapter.isEmpty() && !missing);
    // One registered since (for another acquirer, say) is read on demand.
    m_reread->setVisible(!m_adapter.isEmpty());
    if (missing)
        m_missing->setText(
            tr("<b>No destination for %1 is registered on this database</b>, so this money has "
               "nowhere to go yet%2. A database owner registers one, once and audited, for "
               "%3:<br><tt>%4</tt><br>Then read the destinations again; Next waits until "
               "there is one to pick.")
                .arg(money_words::adapterWords(m_adapter).toHtmlEscaped(),
                     others.isEmpty() ? QString()
                                      : tr(" (registered here: %1)")
                                            .arg(others.join(QStringLiteral(", ")))
                                            .toHtmlEscaped(),
                     binding.environment.toHtmlEscaped(),
                     money_words::allowMoneyCommand(m_adapter, binding.environment)
                         .toHtmlEscaped()));
    showGroups();
    emit completeChanged();
    emit destinationShown();
}

void MoneyDestinationPage::showGroups()
{
    // One row per acquirer: its items and money, and where its batch goes.
    while (m_groupsForm->rowCount() > 0)
        m_groupsForm->removeRow(0);
    m_groupChoices.clear();
    if (m_several) {
        for (const workspace::ProviderGroup &group : m_groups) {
            auto *choice = new QComboBox(m_groupsBox);
            choice->setObjectName(QStringLiteral("acquirerDestination"));
            choice->addItem(tr("Pick a destination…"), QString());
            for (const exec::MoneyDestination &d : m_fitting)
                choice->addItem(money_words::destinationLine(d), d.name);
            // Where the data names the acquirer and one destination is it, that one.
            const int match = workspace::destinationOfGroup(group, m_fitting, m_adapter);
            choice->setCurrentIndex(match + 1);
            connect(choice, &QComboBox::currentIndexChanged, this,
                    &MoneyDestinationPage::showChoice);
            m_groupChoices.append(choice);
            m_groupsForm->addRow(
                tr("%1 (%2, %3) →")
                    .arg(group.provider.isEmpty() ? tr("not named by the data") : group.provider,
                         money_words::items(m_wizard->planned().request.operation,
                                            group.items.size()),
                         group.totals.toDisplayString()),
                choice);
        }
    }
    showSplit();
}

void MoneyDestinationPage::showSplit()
{
    const bool split = m_split->isChecked() && !m_groupChoices.isEmpty();
    m_groupsBox->setVisible(split);
    // The list stays as the reference; one pick in it applies only to one batch.
    m_destinationsView->setEnabled(!split);
    m_acquirers->setVisible(m_several && !m_split->isChecked());
    showChoice();
}

void MoneyDestinationPage::showChoice()
{
    // What was picked, in words, and the description follows it unless edited.
    if (m_known && !m_adapter.isEmpty() && !m_fitting.isEmpty() && !m_drafting) {
        QStringList picked;
        if (m_split->isChecked() && !m_groupChoices.isEmpty()) {
            for (int g = 0; g < m_groups.size(); ++g)
                if (const auto d = m_wizard->destinationNamed(
                        m_groupChoices.value(g)->currentData().toString()))
                    picked << tr("what %1 paid out to %2")
                                  .arg(m_groups[g].provider, money_words::destinationLine(*d));
            m_status->setText(picked.size() == m_groups.size()
                                  ? tr("One batch each: %1.").arg(picked.join(QStringLiteral("; ")))
                                  : tr("Pick a destination for each acquirer."));
        } else {
            const int d = pickedDestination();
            m_status->setText(
                d >= 0 ? tr("All of it to %1.").arg(money_words::destinationLine(m_fitting[d]))
                       : tr("Pick where the money goes."));
        }
        m_status->setStyleSheet(QString());
    }
    if (m_description->toPlainText() == m_described) {
        m_described = describe();
        m_description->setPlainText(m_described);
    }
    emit completeChanged();
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
        if (!stillWorked(m_cases->rawValue(r, 3)))
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
    // where it came from. A claw-back writes its own and adds this note.
    const workspace::PlannedMoney &planned = m_wizard->planned();
    const QString origin =
        m_wizard->start().finding
            ? QStringLiteral("From the finding “%1”.").arg(m_wizard->start().finding->title)
            : QString();
    if (planned.request.operation == MoneyOperation::Clawback)
        return origin;
    QString text =
        QStringLiteral("%1: %2. %3.")
            .arg(
                planned.request.operation == MoneyOperation::Refund ? QStringLiteral("Refunds")
                                                                    : QStringLiteral("Reversals"),
                planned.plan.summary(),
                money_words::destinationHeading(planned.request.operation, planned.request.ledger));
    const int picked = m_split->isChecked() && !m_groupChoices.isEmpty() ? -1 : pickedDestination();
    if (!m_adapter.isEmpty() && picked >= 0 && picked < m_fitting.size())
        text +=
            QStringLiteral(" Destination %1.").arg(money_words::destinationLine(m_fitting[picked]));
    if (!origin.isEmpty())
        text += QLatin1Char(' ') + origin;
    return text.left(2000);
}

int MoneyDestinationPage::pickedDestination() const
{
    const QModelIndexList rows = m_destinationsView->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

bool MoneyDestinationPage::destinationsChosen() const
{
    if (m_adapter.isEmpty())
        return true; // the ledger and the balances are the database's own
    if (m_split->isChecked() && !m_groupChoices.isEmpty())
        return std::all_of(m_groupChoices.cbegin(), m_groupChoices.cend(),
                           [](const QComboBox *c) { return c->currentIndex() > 0; });
    return pickedDestination() >= 0 && pickedDestination() < m_fitting.size();
}

QVector<workspace::MoneyDraft> MoneyDestinationPage::drafts() const
{
    const workspace::PlannedMoney &planned = m_wizard->planned();
    if (planned.request.operation == MoneyOperation::Clawback)
        return {};
    const QString description = m_description->toPlainText().trimmed();
    if (m_split->isChecked() && !m_groupChoices.isEmpty()) {
        QVector<workspace::MoneyDraft> drafts;
        for (int g = 0; g < m_groups.size(); ++g) {
            workspace::MoneyDraft draft = workspace::draftOfGroup(planned, m_groups[g]);
            draft.destination = m_groupChoices.value(g)->currentData().toString();
            const auto to = m_wizard->destinationNamed(draft.destination);
            draft.description =
                QStringLiteral("%1 This batch: what %2 paid out, %3, to %4.")
                    .arg(description,
                         m_groups[g].provider.isEmpty() ? QStringLiteral("no named acquirer")
                                                        : m_groups[g].provider,
                         draft.plan.summary(),
                         to ? money_words::destinationLine(*to) : draft.destination);
            drafts.append(draft);
        }
        return drafts;
    }
    workspace::MoneyDraft draft;
    draft.plan = planned.plan;
    draft.keys = planned.keys;
    draft.description = description;
    if (!m_adapter.isEmpty() && pickedDestination() >= 0)
        draft.destination = m_fitting.value(pickedDestination()).name;
    return {draft};
}

bool MoneyDestinationPage::isComplete() const
{
    const bool caseChosen = m_case->count() > 0 &&
                            (m_case->currentData().toLongLong() > 0 || m_wizard->start().finding ||
                             !m_newCase->text().trimmed().isEmpty());
    return m_known && caseChosen && !m_drafting && destinationsChosen();
}

bool MoneyDestinationPage::validatePage()
{
    if (m_wizard->isDrafted())
        return true; // drafted already
    m_drafting = true;
    m_status->setStyleSheet(QString());
    m_status->setText(m_wizard->planned().request.operation == MoneyOperation::Clawback
                          ? tr("Drafting the claw-back and the write-off, and putting the "
                               "investors on the case's roster…")
                          : tr("Drafting, and putting the accounts on the case's roster…"));
    emit completeChanged();
    const qint64 caseId = m_case->currentData().toLongLong();
    m_wizard->runner()->draft(caseId, caseId == 0 ? m_wizard->start().finding : std::nullopt,
                              m_newCase->text(), m_wizard->planned(), drafts(),
                              m_description->toPlainText().trimmed());
    return false; // the answer moves on (drafted)
}

} // namespace payops
