#include "clawback_plan_page.h"

#include "clawback_people_model.h"
#include "money_wizard.h"
#include "money_words.h"

#include "core/money.h"
#include "widgets/restore/rows_table_model.h"
#include "workspace/money_plan_runner.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

namespace {

QString moneyOrNothing(const MoneyTotals &totals)
{
    return totals.isEmpty() ? QObject::tr("nothing") : totals.toDisplayString();
}

} // namespace

ClawbackPlanPage::ClawbackPlanPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_bar(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_summary(new QLabel(this))
    , m_consent(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_people(new ClawbackPeopleModel(this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_peopleView(new QTableView(this))
    , m_totals(new RowsTableModel({tr("Currency"), tr("Investors"), tr("Paid twice"),
                                   tr("Recoverable now"), tr("To write off")},
                                  this))
    , m_skipped(new RowsTableModel({tr("Payout"), tr("Why it is left out")}, this))
{
    setTitle(tr("The claw-back, per investor"));
    setSubTitle(tr("What each investor was paid twice, what their balance still holds, so "
                   "what can be taken back now and what will be written off. Nothing has been "
                   "written."));
    m_status->setObjectName(QStringLiteral("clawbackPlanStatus"));
    m_status->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("clawbackPlanSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_consent->setObjectName(QStringLiteral("clawbackConsent"));
    m_consent->setWordWrap(true);
    m_consent->setTextFormat(Qt::RichText);
    m_consent->setStyleSheet(QStringLiteral("QLabel#clawbackConsent { color: #5d4000; "
                                            "background: #fff8e1; padding: 6px; }"));
    m_consent->setText(
        tr("<b>Nothing is taken from anyone who has not agreed.</b> Each claw-back item waits "
           "until support records on the case's roster that its investor agreed; a run takes "
           "back only from those who did and holds the others. The write-off moves no money: "
           "it records, approved, what cannot be taken back."));
    m_filtered->setSourceModel(m_people);
    m_filtered->setSortRole(Qt::UserRole);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filtered->setFilterKeyColumn(-1);
    m_filter->setObjectName(QStringLiteral("clawbackPeopleFilter"));
    m_filter->setPlaceholderText(tr("Filter the investors (account, e-mail, amount)…"));
    m_filter->setClearButtonEnabled(true);
    m_peopleView->setObjectName(QStringLiteral("clawbackPeople"));
    m_peopleView->setModel(m_filtered);
    m_peopleView->verticalHeader()->hide();
    m_peopleView->horizontalHeader()->setStretchLastSection(true);
    m_peopleView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_peopleView->setWordWrap(false);
    m_peopleView->setAlternatingRowColors(true);
    m_peopleView->setSortingEnabled(true);
    // Who has the most to write off first: the people finance asks about.
    m_peopleView->sortByColumn(ClawbackPeopleModel::WriteOff, Qt::DescendingOrder);
    m_totals->setRightAligned({1, 2, 3, 4});
    m_tabs->setObjectName(QStringLiteral("clawbackPlanTabs"));

    auto *peopleTab = new QWidget(this);
    auto *peopleLayout = new QVBoxLayout(peopleTab);
    peopleLayout->setContentsMargins(0, 4, 0, 0);
    peopleLayout->addWidget(m_filter);
    peopleLayout->addWidget(m_peopleView, 1);
    const auto tableOf = [this](QAbstractItemModel *model) {
        auto *view = new QTableView(this);
        view->setModel(model);
        view->verticalHeader()->hide();
        view->horizontalHeader()->setStretchLastSection(true);
        view->setAlternatingRowColors(true);
        connect(model, &QAbstractItemModel::modelReset, view, &QTableView::resizeColumnsToContents);
        return view;
    };
    m_tabs->addTab(peopleTab, tr("Investors"));
    m_tabs->addTab(tableOf(m_totals), tr("Totals per currency"));
    m_tabs->addTab(tableOf(m_skipped), tr("Left out"));

    connect(m_filter, &QLineEdit::textChanged, m_filtered,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_people, &QAbstractItemModel::modelReset, m_peopleView,
            &QTableView::resizeColumnsToContents);
    connect(m_cancel, &QPushButton::clicked, m_wizard->runner(),
            &workspace::MoneyPlanRunner::cancelPlan);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::progress, this,
            [this](int percent, const QString &text) {
                if (!m_planning)
                    return;
                m_bar->setValue(percent);
                m_status->setText(text);
            });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::planned, this,
            &ClawbackPlanPage::showPlan);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::planCancelled, this,
            [this] { showFailure(tr("plan"), tr("the plan was cancelled.")); });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::failed, this,
            &ClawbackPlanPage::showFailure);

    auto *progress = new QHBoxLayout;
    progress->addWidget(m_bar, 1);
    progress->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(progress);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(m_consent);
    layout->addWidget(m_tabs, 1);
}

void ClawbackPlanPage::initializePage()
{
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    m_bar->setVisible(true);
    m_cancel->setVisible(true);
    m_summary->clear();
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Planning…"));
    m_tabs->setEnabled(false);
    m_planning = true;
    m_wizard->forgetPlan();
    m_wizard->runner()->plan(m_wizard->request());
}

void ClawbackPlanPage::cleanupPage()
{
    m_wizard->runner()->cancelPlan();
}

void ClawbackPlanPage::showPlan(const workspace::PlannedMoney &planned)
{
    if (!m_planning)
        return; // a plan this page did not ask for
    m_planning = false;
    m_wizard->setPlanned(planned);
    m_bar->setVisible(false);
    m_cancel->setVisible(false);
    m_tabs->setEnabled(true);
    m_status->setText(tr("Planned."));
    m_people->setPlanned(planned);

    struct Sums
    {
        qint64 people = 0;
        qint64 paidTwice = 0, recoverable = 0, writeOff = 0;
    };
    QMap<QString, Sums> perCurrency;
    MoneyTotals paidTwice;
    int toWriteOff = 0;
    for (const money::ClawbackPerson &p : planned.people) {
        Sums &sums = perCurrency[p.currency];
        ++sums.people;
        sums.paidTwice += p.duplicateMinor;
        sums.recoverable += p.recoverableMinor;
        sums.writeOff += p.unrecoverableMinor();
        paidTwice.add(p.currency, p.duplicateMinor);
        toWriteOff += p.unrecoverableMinor() > 0 ? 1 : 0;
    }
    QVector<QStringList> totals;
    for (auto it = perCurrency.cbegin(); it != perCurrency.cend(); ++it)
        totals.append({it.key(), formatCount(it.value().people),
                       Money{it.value().paidTwice, it.key()}.toDisplayString(),
                       Money{it.value().recoverable, it.key()}.toDisplayString(),
                       Money{it.value().writeOff, it.key()}.toDisplayString()});
    m_totals->setRows(totals);
    QVector<QStringList> skipped;
    for (const money::SkippedRow &row : planned.plan.skipped)
        skipped.append({row.key, row.detail.isEmpty() ? row.reason : row.detail});
    m_skipped->setRows(skipped);
    m_tabs->setTabText(0, tr("Investors (%1)").arg(formatCount(planned.people.size())));
    m_tabs->setTabText(2, tr("Left out (%1)").arg(formatCount(planned.plan.skipped.size())));

    QStringList lines;
    lines << tr("<b>%1 investors were paid %2 twice.</b>")
                 .arg(formatCount(planned.people.size()),
                      moneyOrNothing(paidTwice).toHtmlEscaped());
    lines << tr("Recoverable now: <b>%1</b> (%2, from what the balances still hold)")
                 .arg(moneyOrNothing(planned.plan.totals).toHtmlEscaped(),
                      money_words::itemsOfKind(QStringLiteral("claw-back"),
                                               planned.plan.items.size()));
    lines << tr("To write off: <b>%1</b> (what the balances of %2 investors no longer hold: "
                "they moved it out before anyone noticed; %3)")
                 .arg(moneyOrNothing(planned.writeOff.totals).toHtmlEscaped(),
                      formatCount(toWriteOff),
                      money_words::itemsOfKind(QStringLiteral("write-off"),
                                               planned.writeOff.items.size()));
    if (!planned.plan.skipped.isEmpty())
        lines << tr("%1 payouts left out (see Left out): nothing is taken back for them.")
                     .arg(formatCount(planned.plan.skipped.size()));
    if (planned.plan.items.isEmpty() && planned.writeOff.items.isEmpty())
        lines << tr("<span style='color:#8e0000'>Nothing to take back or write off: go back "
                    "and change the query.</span>");
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    emit completeChanged();
    emit planShown();
}

void ClawbackPlanPage::showFailure(const QString &step, const QString &message)
{
    if (m_wizard->currentPage() != this)
        return;
    m_planning = false;
    m_bar->setVisible(false);
    m_cancel->setVisible(false);
    m_status->setText(tr("Could not %1: %2").arg(step, message));
    m_status->setStyleSheet(QStringLiteral("color: #8e0000;"));
    emit completeChanged();
}

bool ClawbackPlanPage::isComplete() const
{
    const workspace::PlannedMoney &planned = m_wizard->planned();
    return !m_planning && m_wizard->isPlanned() &&
           (!planned.plan.items.isEmpty() || !planned.writeOff.items.isEmpty());
}

int ClawbackPlanPage::nextId() const
{
    return MoneyWizard::Destination;
}

} // namespace payops
