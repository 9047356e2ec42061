#include "plan_page.h"

#include "money_items_model.h"
#include "money_wizard.h"
#include "money_words.h"

#include "core/money.h"
#include "items/csv_writer.h"
#include "widgets/restore/rows_table_model.h"
#include "workspace/money_plan_runner.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

namespace {

QTableView *tableOf(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    // Keys, names and amounts are read whole, never cut.
    QObject::connect(model, &QAbstractItemModel::modelReset, view,
                     &QTableView::resizeColumnsToContents);
    return view;
}

// Per account or per provider: how many items and how much per currency.
struct Group
{
    qint64 items = 0;
    MoneyTotals totals;
};

} // namespace

MoneyPlanPage::MoneyPlanPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_bar(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_items(new MoneyItemsModel(this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_itemsView(new QTableView(this))
    , m_totals(new RowsTableModel({tr("Currency"), tr("Items"), tr("Total")}, this))
    , m_providers(new RowsTableModel(
          {tr("Acquirer / provider"), tr("Items"), tr("Total per currency")}, this))
    , m_skipped(new RowsTableModel({tr("Row"), tr("Why it is left out")}, this))
    , m_accounts(new RowsTableModel(
          {tr("Account"), tr("E-mail"), tr("Name"), tr("Items"), tr("Amount")}, this))
    , m_export(new QPushButton(tr("Export the accounts as CSV…"), this))
{
    setTitle(tr("The plan"));
    setSubTitle(tr("What the batch would move, item by item, and what it leaves out. Nothing "
                   "has been written or sent."));
    m_status->setObjectName(QStringLiteral("moneyPlanStatus"));
    m_status->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("moneyPlanSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_filtered->setSourceModel(m_items);
    m_filtered->setSortRole(Qt::UserRole);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filtered->setFilterKeyColumn(-1);
    m_filter->setObjectName(QStringLiteral("moneyItemsFilter"));
    m_filter->setPlaceholderText(tr("Filter the items (key, account, provider, amount)…"));
    m_filter->setClearButtonEnabled(true);
    m_itemsView->setObjectName(QStringLiteral("moneyItems"));
    m_itemsView->setModel(m_filtered);
    m_itemsView->verticalHeader()->hide();
    // The amount stays next to its charge; the provider, last, takes the rest.
    m_itemsView->horizontalHeader()->setStretchLastSection(true);
    m_itemsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_itemsView->setWordWrap(false);
    m_itemsView->setAlternatingRowColors(true);
    m_itemsView->setSortingEnabled(true);
    m_itemsView->sortByColumn(MoneyItemsModel::Target, Qt::AscendingOrder);
    m_totals->setRightAligned({1, 2});
    m_providers->setRightAligned({1, 2});
    m_accounts->setRightAligned({0, 3, 4});
    m_export->setObjectName(QStringLiteral("exportAccountsButton"));
    m_tabs->setObjectName(QStringLiteral("moneyPlanTabs"));

    auto *itemsTab = new QWidget(this);
    auto *itemsLayout = new QVBoxLayout(itemsTab);
    itemsLayout->setContentsMargins(0, 4, 0, 0);
    itemsLayout->addWidget(m_filter);
    itemsLayout->addWidget(m_itemsView, 1);
    auto *accountsTab = new QWidget(this);
    auto *accountsLayout = new QVBoxLayout(accountsTab);
    accountsLayout->setContentsMargins(0, 4, 0, 0);
    auto *accountsBar = new QHBoxLayout;
    accountsBar->addWidget(new QLabel(tr("The people whose money this is: outreach contacts each "
                                         "of them."),
                                      this),
                           1);
    accountsBar->addWidget(m_export);
    accountsLayout->addLayout(accountsBar);
    accountsLayout->addWidget(tableOf(m_accounts, this), 1);
    m_tabs->addTab(itemsTab, tr("Items"));
    m_tabs->addTab(tableOf(m_totals, this), tr("Totals per currency"));
    m_tabs->addTab(tableOf(m_providers, this), tr("Per acquirer / provider"));
    m_tabs->addTab(tableOf(m_skipped, this), tr("Left out"));
    m_tabs->addTab(accountsTab, tr("Accounts"));

    connect(m_filter, &QLineEdit::textChanged, m_filtered,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_items, &QAbstractItemModel::modelReset, m_itemsView,
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
            &MoneyPlanPage::showPlan);
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::planCancelled, this,
            [this] { showFailure(tr("plan"), tr("the plan was cancelled.")); });
    connect(m_wizard->runner(), &workspace::MoneyPlanRunner::failed, this,
            &MoneyPlanPage::showFailure);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = m_wizard->askExportPath(QStringLiteral("payops-accounts.csv"));
        if (path.isEmpty())
            return;
        const qint64 lines = exportAccounts(path);
        m_status->setText(
            lines < 0
                ? tr("Could not write %1.").arg(path)
                : tr("Exported %1 accounts to %2.").arg(formatCount(m_accounts->rowCount()), path));
        emit accountsExported(path, lines);
    });

    auto *progress = new QHBoxLayout;
    progress->addWidget(m_bar, 1);
    progress->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(progress);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
}

void MoneyPlanPage::initializePage()
{
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    m_bar->setVisible(true);
    m_cancel->setVisible(true);
    m_summary->clear();
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Planning…"));
    m_tabs->setEnabled(false);
    m_export->setEnabled(false);
    m_planning = true;
    m_wizard->forgetPlan();
    m_wizard->runner()->plan(m_wizard->request());
}

void MoneyPlanPage::cleanupPage()
{
    // Back to the query: a plan still being made is no longer wanted.
    m_wizard->runner()->cancelPlan();
}

void MoneyPlanPage::showPlan(const workspace::PlannedMoney &planned)
{
    if (!m_planning)
        return; // a plan this page did not ask for (the claw-back page's)
    m_planning = false;
    m_wizard->setPlanned(planned);
    const money::MoneyPlan &plan = planned.plan;
    const workspace::MoneyOperation operation = planned.request.operation;
    m_bar->setVisible(false);
    m_cancel->setVisible(false);
    m_tabs->setEnabled(true);
    m_export->setEnabled(!plan.accounts.isEmpty());
    m_status->setText(tr("Planned."));
    m_items->setPlanned(planned);

    QMap<QString, qint64> perCurrency;
    QMap<QString, Group> perProvider;
    QMap<QString, Group> perAccount;
    for (int i = 0; i < plan.items.size(); ++i) {
        const money::MoneyItem &item = plan.items[i];
        ++perCurrency[item.currency];
        Group &provider = perProvider[planned.providers.value(i)];
        ++provider.items;
        provider.totals.add(item.currency, item.amountMinor);
        Group &account = perAccount[item.account];
        ++account.items;
        account.totals.add(item.currency, item.amountMinor);
    }
    QVector<QStringList> totals;
    for (const QString &currency : plan.totals.currencies())
        totals.append({currency, formatCount(perCurrency.value(currency)),
                       Money{plan.totals.minorFor(currency), currency}.toDisplayString()});
    m_totals->setRows(totals);
    QVector<QStringList> providers;
    for (auto it = perProvider.cbegin(); it != perProvider.cend(); ++it)
        providers.append({it.key().isEmpty() ? tr("(not named by the data)") : it.key(),
                          formatCount(it.value().items), it.value().totals.toDisplayString()});
    m_providers->setRows(providers);
    QVector<QStringList> skipped;
    for (const money::SkippedRow &row : plan.skipped)
        skipped.append({row.key, row.detail.isEmpty() ? row.reason : row.detail});
    m_skipped->setRows(skipped);
    QVector<QPair<qlonglong, QStringList>> accounts;
    for (auto it = perAccount.cbegin(); it != perAccount.cend(); ++it) {
        const workspace::MoneyContact contact = planned.contacts.value(it.key());
        accounts.append({it.key().toLongLong(),
                         {it.key(), contact.email, contact.name, formatCount(it.value().items),
                          it.value().totals.toDisplayString()}});
    }
    // Numeric keys in numeric order, as the items sort.
    std::sort(accounts.begin(), accounts.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second[0] < b.second[0];
    });
    QVector<QStringList> accountRows;
    for (const auto &row : accounts)
        accountRows.append(row.second);
    m_accounts->setRows(accountRows);

    m_tabs->setTabText(0, tr("%1 (%2)").arg(operation == workspace::MoneyOperation::Refund
                                                ? tr("Refunds")
                                                : tr("Reversals"),
                                            formatCount(plan.items.size())));
    m_tabs->setTabText(2, tr("Per acquirer / provider (%1)").arg(formatCount(providers.size())));
    m_tabs->setTabText(3, tr("Left out (%1)").arg(formatCount(plan.skipped.size())));
    m_tabs->setTabText(4, tr("Accounts (%1)").arg(formatCount(plan.accounts.size())));

    QStringList lines;
    lines << tr("<b>%1 of %2 to %3 accounts</b>")
                 .arg(money_words::items(operation, plan.items.size()),
                      plan.totals.isEmpty() ? tr("nothing")
                                            : plan.totals.toDisplayString().toHtmlEscaped(),
                      formatCount(plan.accounts.size()));
    lines << (operation == workspace::MoneyOperation::Refund
                  ? tr("Each charge is refunded for what may still be refunded of it: its amount "
                       "less the refunds the billing data records.")
                  : tr("Each refund is reversed for its whole amount."));
    if (planned.request.ledger)
        lines << tr("Written as rows of the refunds table (ledger), not asked of a provider.");
    if (!plan.skipped.isEmpty())
        lines << tr("%1 rows left out (see Left out): never sent.")
                     .arg(formatCount(plan.skipped.size()));
    if (planned.providerColumn.isEmpty()) {
        lines << tr("No column of the refunds or the charges names an acquirer or provider: "
                    "the items are one group.");
    } else {
        QStringList names;
        for (const QStringList &p : providers)
            names << tr("%1 (%2 items)").arg(p[0].toHtmlEscaped(), p[1]);
        lines << tr("Who moved the money, as %1 says: %2.")
                     .arg(planned.providerColumn.toHtmlEscaped(),
                          names.size() <= 4 ? names.join(QStringLiteral(", "))
                                            : tr("%1 of them (see the tab)").arg(names.size()));
    }
    if (plan.items.isEmpty())
        lines << tr("<span style='color:#8e0000'>The plan moves no money: go back and change "
                    "the query.</span>");
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    emit completeChanged();
    emit planShown();
}

void MoneyPlanPage::showFailure(const QString &step, const QString &message)
{
    if (m_wizard->currentPage() != this)
        return; // another page's step
    m_planning = false;
    m_bar->setVisible(false);
    m_cancel->setVisible(false);
    m_status->setText(tr("Could not %1: %2").arg(step, message));
    m_status->setStyleSheet(QStringLiteral("color: #8e0000;"));
    emit completeChanged();
}

int MoneyPlanPage::nextId() const
{
    return MoneyWizard::Destination; // the claw-back's own plan page comes between
}

bool MoneyPlanPage::isComplete() const
{
    return !m_planning && m_wizard->isPlanned() && !m_wizard->planned().plan.items.isEmpty();
}

qint64 MoneyPlanPage::exportAccounts(const QString &path) const
{
    const workspace::PlannedMoney &planned = m_wizard->planned();
    QMap<QString, QMap<QString, std::pair<qint64, qint64>>> perAccount; // currency -> items, minor
    for (const money::MoneyItem &item : planned.plan.items) {
        auto &sum = perAccount[item.account][item.currency];
        ++sum.first;
        sum.second += item.amountMinor;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return -1;
    CsvWriter csv(file);
    csv.writeRow({QStringLiteral("account"), QStringLiteral("email"), QStringLiteral("name"),
                  QStringLiteral("items"), QStringLiteral("amount"), QStringLiteral("currency")});
    qint64 lines = 0;
    for (const QStringList &row : m_accounts->rows()) {
        const QString &account = row[0];
        const workspace::MoneyContact contact = planned.contacts.value(account);
        const auto sums = perAccount.value(account);
        for (auto [currency, sum] : sums.asKeyValueRange()) {
            // A plain decimal, as a spreadsheet reads a number.
            csv.writeRow({account, contact.email, contact.name, QString::number(sum.first),
                          Money{sum.second, currency}.toDecimalString(), currency});
            ++lines;
        }
    }
    return file.commit() ? lines : -1;
}

} // namespace payops
