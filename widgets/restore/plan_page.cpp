#include "plan_page.h"

#include "restore_wizard.h"
#include "restore_words.h"
#include "rows_table_model.h"

#include "core/connection_secrets.h"
#include "items/query_table_model.h"
#include "ops/cases.h"
#include "workspace/restore_plan_runner.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace payops {

namespace {

QTableView *tableOf(RowsTableModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    // Table names and counts are read whole, never cut.
    QObject::connect(model, &QAbstractItemModel::modelReset, view,
                     &QTableView::resizeColumnsToContents);
    return view;
}

} // namespace

PlanPage::PlanPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_bar(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel the comparison"), this))
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_perTable(new RowsTableModel(
          {tr("Step"), tr("Table"), tr("Rows put back"), tr("Rows given their values back")}, this))
    , m_conflicts(new QTreeWidget(this))
    , m_users(new RowsTableModel({tr("Account"), tr("Rows put back or given back")}, this))
    , m_money(new RowsTableModel({tr("Currency"), tr("Amount in the rows")}, this))
    , m_unresolved(new RowsTableModel({tr("Table"), tr("Rows the backup cannot attribute")}, this))
    , m_case(new QComboBox(this))
    , m_description(new QPlainTextEdit(this))
    , m_cases(wizard->workspace().createTableModel(this))
{
    setTitle(tr("The plan"));
    setSubTitle(tr("What the restore would put back, in the order it runs, and what it leaves "
                   "alone. Nothing has been written."));
    m_status->setObjectName(QStringLiteral("planStatus"));
    m_status->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_perTable->setRightAligned({0, 2, 3});
    m_users->setRightAligned({1});
    m_money->setRightAligned({1});
    m_unresolved->setRightAligned({1});
    m_conflicts->setObjectName(QStringLiteral("planConflicts"));
    m_conflicts->setHeaderLabels({tr("Conflict / table"), tr("Row"), tr("What is in the way")});
    m_conflicts->setColumnWidth(0, 320);
    m_conflicts->setColumnWidth(1, 220);
    m_tabs->setObjectName(QStringLiteral("planTabs"));
    m_tabs->addTab(tableOf(m_perTable, this), tr("Rows per table, in order"));
    m_tabs->addTab(m_conflicts, tr("Conflicts"));
    m_tabs->addTab(tableOf(m_users, this), tr("Accounts"));
    m_tabs->addTab(tableOf(m_money, this), tr("Money"));
    m_tabs->addTab(tableOf(m_unresolved, this), tr("Unresolved"));
    m_case->setObjectName(QStringLiteral("caseChoice"));
    m_description->setObjectName(QStringLiteral("batchDescription"));
    m_description->setMaximumHeight(70);

    connect(m_cancel, &QPushButton::clicked, m_wizard->runner(),
            &workspace::RestorePlanRunner::cancelPlan);
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::progress, this,
            [this](int percent, const QString &text) {
                m_bar->setValue(percent);
                m_status->setText(text);
            });
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::planned, this, &PlanPage::showPlan);
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::planCancelled, this,
            [this] { showFailure(tr("plan the restore"), tr("The comparison was cancelled.")); });
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::failed, this,
            &PlanPage::showFailure);
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::drafted, this,
            [this](qint64 caseId, qint64 batchId) {
                if (!m_drafting)
                    return;
                m_drafting = false;
                m_wizard->setBatch(caseId, batchId);
                emit m_wizard->batchDrafted(caseId, batchId);
                m_wizard->next();
            });
    connect(m_cases, &QueryTableModel::pageLoaded, this, &PlanPage::fillCases);
    connect(m_case, &QComboBox::currentIndexChanged, this, &PlanPage::completeChanged);

    auto *progress = new QHBoxLayout;
    progress->addWidget(m_bar, 1);
    progress->addWidget(m_cancel);
    auto *draft = new QFormLayout;
    draft->addRow(tr("Draft into:"), m_case);
    draft->addRow(tr("Description:"), m_description);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(progress);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(draft);
}

void PlanPage::initializePage()
{
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    m_bar->setVisible(true);
    m_cancel->setVisible(true);
    m_summary->clear();
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Comparing with %1…").arg(m_wizard->request().backup.name));
    m_tabs->setEnabled(false);
    m_wizard->runner()->plan(m_wizard->request());
    m_cases->setQuery(ops::casesSql());
}

void PlanPage::cleanupPage()
{
    // Back to the choice: a plan still being made is no longer wanted.
    m_wizard->runner()->cancelPlan();
}

void PlanPage::fillCases()
{
    const qint64 wanted = m_case->currentData().toLongLong() > 0
                              ? m_case->currentData().toLongLong()
                              : m_wizard->start().caseId;
    m_case->clear();
    if (m_wizard->start().finding)
        m_case->addItem(
            tr("A new case opened from the finding “%1”").arg(m_wizard->start().finding->title),
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

void PlanPage::showPlan(const restore::RestorePlan &plan)
{
    m_wizard->setPlan(plan);
    m_bar->setVisible(false);
    m_cancel->setVisible(false);
    m_tabs->setEnabled(true);
    m_status->setText(tr("Compared with %1 and planned.").arg(m_wizard->request().backup.name));

    QVector<QStringList> perTable;
    qint64 step = 0;
    QMap<QString, std::pair<qint64, qint64>> kinds; // table -> inserts, updates, in run order
    QStringList order;
    for (const restore::PlanItem &item : plan.items) {
        if (!kinds.contains(item.table))
            order << item.table;
        auto &k = kinds[item.table];
        ++(item.kind == restore::PlanItem::Kind::Insert ? k.first : k.second);
    }
    qint64 inserts = 0;
    for (const QString &table : order) {
        const auto [in, up] = kinds.value(table);
        inserts += in;
        perTable.append({QString::number(++step), restore_words::table(table), formatCount(in),
                         formatCount(up)});
    }
    m_perTable->setRows(perTable);

    m_conflicts->clear();
    const QMap<QString, qint64> perReason = plan.conflictsPerReason();
    for (auto it = perReason.cbegin(); it != perReason.cend(); ++it) {
        auto *group = new QTreeWidgetItem(
            m_conflicts, {QStringLiteral("%1 (%2)").arg(restore_words::conflictReason(it.key()),
                                                        formatCount(it.value()))});
        for (const restore::PlanConflict &c : plan.conflicts)
            if (c.reason == it.key())
                new QTreeWidgetItem(
                    group, {restore_words::table(c.table), restore_words::row(c.key), c.detail});
    }
    m_conflicts->expandAll();

    QMap<QString, qint64> perUser;
    for (const restore::PlanItem &item : plan.items)
        if (!item.user.isEmpty())
            ++perUser[item.user];
    QVector<QStringList> users;
    for (auto it = perUser.cbegin(); it != perUser.cend(); ++it)
        users.append({it.key(), formatCount(it.value())});
    m_users->setRows(users);

    QVector<QStringList> money;
    for (const QString &currency : plan.money.currencies())
        money.append({currency, Money{plan.money.minorFor(currency), currency}.toDisplayString()});
    m_money->setRows(money);

    QVector<QStringList> unresolved;
    const QMap<QString, qint64> perTableUnresolved = plan.unresolvedPerTable();
    for (auto it = perTableUnresolved.cbegin(); it != perTableUnresolved.cend(); ++it)
        unresolved.append({restore_words::table(it.key()), formatCount(it.value())});
    m_unresolved->setRows(unresolved);

    m_tabs->setTabText(1, tr("Conflicts (%1)").arg(formatCount(plan.conflicts.size())));
    m_tabs->setTabText(2, tr("Accounts (%1)").arg(formatCount(plan.users.size())));
    m_tabs->setTabText(4, tr("Unresolved (%1)").arg(formatCount(plan.unresolved.size())));

    QStringList lines;
    lines << tr("<b>%1</b>").arg(plan.summary().toHtmlEscaped());
    lines << tr("%1 rows put back in %2 tables, parents first.")
                 .arg(formatCount(inserts))
                 .arg(order.size());
    if (!plan.money.isEmpty())
        lines << tr("Money in the rows put back or given back: <b>%1</b> (the restore moves no "
                    "money itself).")
                     .arg(plan.money.toDisplayString().toHtmlEscaped());
    for (const QString &cycle : plan.cycles)
        lines << tr("Note: %1").arg(cycle.toHtmlEscaped());
    if (plan.items.isEmpty())
        lines << tr("<span style='color:#8e0000'>The plan puts nothing back: go back and "
                    "choose differently.</span>");
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    m_description->setPlainText(describe(plan));
    emit completeChanged();
    emit planShown();
}

QString PlanPage::describe(const restore::RestorePlan &plan) const
{
    // The approver reads this: the plan's own summary and money, and the
    // conflicts per class, which the batch's items cannot show (they are
    // not in it).
    QString text = plan.description(withoutPassword(m_wizard->request().backup.name));
    QStringList classes;
    for (auto [reason, n] : plan.conflictsPerReason().asKeyValueRange())
        classes << QStringLiteral("%1 %2").arg(formatCount(n),
                                               restore_words::conflictReason(reason));
    if (!classes.isEmpty())
        text +=
            QStringLiteral(" Conflicts left alone: %1.").arg(classes.join(QStringLiteral("; ")));
    return text.left(2000);
}

void PlanPage::showFailure(const QString &step, const QString &message)
{
    if (m_wizard->currentPage() != this)
        return; // another page's step
    m_drafting = false;
    m_bar->setVisible(false);
    m_cancel->setVisible(false);
    m_status->setText(tr("Could not %1: %2").arg(step, message));
    m_status->setStyleSheet(QStringLiteral("color: #8e0000;"));
    emit completeChanged();
}

bool PlanPage::isComplete() const
{
    return m_wizard->isPlanned() && !m_wizard->plan().items.isEmpty() && !m_drafting &&
           m_case->count() > 0;
}

bool PlanPage::validatePage()
{
    if (m_wizard->batchId() > 0)
        return true; // drafted already
    m_drafting = true;
    m_status->setText(tr("Drafting the batch…"));
    emit completeChanged();
    const qint64 caseId = m_case->currentData().toLongLong();
    m_wizard->runner()->draft(caseId, caseId == 0 ? m_wizard->start().finding : std::nullopt,
                              m_wizard->plan(), m_description->toPlainText());
    return false; // the answer moves on (drafted)
}

} // namespace payops
