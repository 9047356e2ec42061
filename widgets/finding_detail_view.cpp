#include "finding_detail_view.h"

#include "anomaly_chart_view.h"
#include "detect/finding_rows.h"
#include "items/csv_export.h"
#include "items/query_table_model.h"
#include "workspace/money_finding.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace payops {

FindingDetailView::FindingDetailView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_explanation(new QLabel(this))
    , m_chart(new AnomalyChartView(this))
    , m_showRows(new QPushButton(tr("Rows"), this))
    , m_showUsers(new QPushButton(tr("Affected users"), this))
    , m_filter(new QLineEdit(this))
    , m_rowsStatus(new QLabel(this))
    , m_table(new QTableView(this))
    , m_showSql(new QPushButton(tr("Show SQL"), this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_openCase(new QPushButton(tr("Open case…"), this))
    , m_customers(new QPushButton(tr("Customers…"), this))
    , m_restore(new QPushButton(tr("Restore…"), this))
    , m_money(new QPushButton(this))
{
    m_title->setObjectName(QStringLiteral("findingTitle"));
    m_title->setStyleSheet(QStringLiteral("font-size: 14pt; font-weight: bold;"));
    m_title->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("findingSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filter->setPlaceholderText(tr("Filter rows (any column contains…)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(QStringLiteral("rowFilter"));
    m_table->setObjectName(QStringLiteral("rowsTable"));
    m_table->setSortingEnabled(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_showSql->setObjectName(QStringLiteral("showSqlButton"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_openCase->setObjectName(QStringLiteral("openCaseButton"));
    m_openCase->setToolTip(tr("Put this finding, frozen as evidence, in a new case or in one "
                              "already open for the same incident"));
    m_customers->setObjectName(QStringLiteral("customersButton"));
    m_customers->setToolTip(tr("Put the people this finding's rows name on a case's roster, for "
                               "support to contact"));

    // Rows or users: the same lazy table, two queries of the finding.
    m_showRows->setObjectName(QStringLiteral("showRowsButton"));
    m_showUsers->setObjectName(QStringLiteral("showUsersButton"));
    m_showUsers->setToolTip(
        tr("Each affected user with their rows and amounts: the list support works through"));
    auto *view = new QButtonGroup(this);
    for (QPushButton *button : {m_showRows, m_showUsers}) {
        button->setCheckable(true);
        view->addButton(button);
    }
    m_showRows->setChecked(true);
    connect(m_showRows, &QPushButton::clicked, this, [this] {
        if (!m_finding.rowsSql.isEmpty())
            loadRows(m_finding.rowsSql);
    });
    connect(m_showUsers, &QPushButton::clicked, this, [this] {
        if (!m_finding.usersSql.isEmpty())
            loadRows(m_finding.usersSql);
    });
    // A click on a bucket of the chart lists that bucket's rows.
    connect(m_chart, &AnomalyChartView::bucketClicked, this,
            [this](const QDateTime &start, int seconds) {
                if (m_finding.rowsSql.isEmpty())
                    return;
                m_showRows->setChecked(true);
                loadRows(detect::rowsInBucketSql(m_finding.rowsSql, start, seconds));
                // Said beside the count, so the table is not taken for all rows.
                m_rowsScope = AnomalyChartView::bucketName(start, seconds);
                m_rowsStatus->setToolTip(tr("Only the rows of the bucket clicked on the chart; "
                                            "Rows lists them all again"));
            });

    auto *tools = new QHBoxLayout;
    tools->addWidget(m_showRows);
    tools->addWidget(m_showUsers);
    tools->addWidget(m_filter, 1);
    tools->addWidget(m_rowsStatus);
    tools->addWidget(m_showSql);
    tools->addWidget(m_export);
    // What to do about it, on a row of its own: the view stays narrow
    // enough to share the window with the Customers tab.
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_openCase);
    actions->addWidget(m_customers);
    actions->addWidget(m_restore);
    actions->addWidget(m_money);
    actions->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(m_explanation);
    layout->addWidget(m_chart);
    layout->addLayout(tools);
    layout->addLayout(actions);
    layout->addWidget(m_table, 1);

    // Filter after typing pauses, not on every key: each change is a query.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(300);
    connect(m_filter, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] {
        if (m_model)
            m_model->setFilterText(m_filter->text().trimmed());
    });
    connect(m_showSql, &QPushButton::clicked, this, [this] {
        const QString sql =
            m_summarySql.isEmpty()
                ? m_rowsSql
                : tr("-- Rows\n%1;\n\n-- Counts and totals\n%2;").arg(m_rowsSql, m_summarySql);
        emit showSqlRequested(m_title->text(), sql);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString shown = m_model ? m_model->shownSql() : QString();
        emit exportRequested(shown.isEmpty() ? m_rowsSql : shown,
                             csvFileNameFor(m_showUsers->isChecked() && m_showUsers->isEnabled()
                                                ? m_title->text() + tr(" users")
                                                : m_title->text()));
    });
    connect(m_openCase, &QPushButton::clicked, this, [this] { emit openCaseRequested(m_finding); });
    connect(m_customers, &QPushButton::clicked, this,
            [this] { emit customersRequested(m_finding); });
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    connect(m_restore, &QPushButton::clicked, this, [this] { emit restoreRequested(m_finding); });
    m_money->setObjectName(QStringLiteral("moneyButton"));
    connect(m_money, &QPushButton::clicked, this, [this] { emit moneyRequested(m_finding); });
    setRestoreAllowed(false, tr("Connect first."));
    setMoneyAllowed(false, tr("Connect first."));
    clear();
}

void FindingDetailView::setRowsModel(QueryTableModel *model)
{
    m_model = model;
    m_table->setModel(model);
    if (!model)
        return; // disconnected: nothing to show until the next connection
    connect(model, &QueryTableModel::pageLoaded, this, [this](int rows, bool complete) {
        const QString of = m_rowsScope.isEmpty() ? QString() : tr(" of %1").arg(m_rowsScope);
        m_rowsStatus->setText(complete
                                  ? tr("%1 rows%2").arg(formatCount(rows), of)
                                  : tr("%1+ rows%2 (scroll for more)").arg(formatCount(rows), of));
        // A column no row fills does not apply to this finding: hidden.
        for (int c = 0; c < m_model->columnCount(); ++c)
            m_table->setColumnHidden(c, m_model->isColumnEmpty(c));
        m_table->resizeColumnsToContents();
    });
    connect(model, &QueryTableModel::loadingChanged, this, [this](bool loading) {
        if (loading)
            m_rowsStatus->setText(tr("loading…"));
    });
    connect(model, &QueryTableModel::loadFailed, m_rowsStatus, &QLabel::setText);
}

void FindingDetailView::clear(const QString &hint)
{
    m_title->setText(tr("No finding selected"));
    m_summary->clear();
    m_explanation->setText(
        hint.isEmpty()
            ? tr("Connect to a billing database and run a scan; findings appear on the left.")
            : hint);
    m_rowsSql.clear();
    m_summarySql.clear();
    m_showSql->setEnabled(false);
    m_export->setEnabled(false);
    m_filter->setEnabled(false);
    m_openCase->setEnabled(false);
    m_customers->setEnabled(false);
    m_restore->setEnabled(false);
    m_showRows->setEnabled(false);
    m_showUsers->setEnabled(false);
    m_chart->clear();
    m_finding = Finding();
    updateMoneyButton();
}

void FindingDetailView::showFinding(const Finding &finding)
{
    m_title->setText(finding.title);
    m_summary->setText(tr("Severity %1 · %2 rows · %3 users · %4")
                           .arg(severityName(finding.severity).toUpper(),
                                formatCount(finding.rowCount), formatCount(finding.userCount),
                                moneyText(finding)));
    m_explanation->setText(finding.explanation);
    m_summarySql = finding.summarySql;
    m_finding = finding;
    m_chart->setFinding(finding);
    m_showRows->setEnabled(true);
    m_showRows->setChecked(true);
    // A finding whose rows are its users (one row per user) has no second list.
    m_showUsers->setEnabled(!finding.usersSql.isEmpty() && finding.usersSql != finding.rowsSql &&
                            finding.userCount > 0);
    loadRows(finding.rowsSql);
    m_openCase->setEnabled(m_caseAllowed && finding.rowCount > 0);
    m_customers->setEnabled(m_customersAllowed && finding.userCount > 0);
    m_restore->setEnabled(m_restoreAllowed && finding.rowCount > 0);
    updateMoneyButton();
}

bool FindingDetailView::isShowing(const Finding &finding) const
{
    return !m_finding.title.isEmpty() && m_finding.title == finding.title &&
           m_finding.rowsSql == finding.rowsSql && m_finding.rowCount == finding.rowCount;
}

void FindingDetailView::showQuery(const QString &title, const QString &sql)
{
    m_title->setText(title);
    m_summary->clear();
    m_explanation->setText(tr("Ad-hoc read-only query."));
    m_summarySql.clear();
    m_finding = Finding();
    m_openCase->setEnabled(false);
    m_customers->setEnabled(false);
    m_restore->setEnabled(false);
    m_showRows->setEnabled(false);
    m_showUsers->setEnabled(false);
    m_chart->clear();
    updateMoneyButton();
    loadRows(sql);
}

void FindingDetailView::loadRows(const QString &sql)
{
    m_rowsSql = sql;
    m_rowsScope.clear(); // all the query's rows, until a bucket is clicked
    m_rowsStatus->setToolTip(QString());
    m_filter->blockSignals(true);
    m_filter->clear();
    m_filter->blockSignals(false);
    const bool hasRows = !sql.isEmpty();
    m_showSql->setEnabled(hasRows);
    m_export->setEnabled(hasRows);
    m_filter->setEnabled(hasRows);
    if (m_model) {
        m_model->setFilterText(QString());
        m_model->setQuery(sql);
    }
}

QString FindingDetailView::rowsStatusText() const
{
    return m_rowsStatus->text();
}

void FindingDetailView::setRestoreAllowed(bool allowed, const QString &why)
{
    m_restoreAllowed = allowed;
    m_restore->setEnabled(allowed && !m_finding.rowsSql.isEmpty());
    m_restore->setToolTip(allowed ? tr("Put back from a backup what this finding's accounts lost, "
                                       "as a batch for approval")
                                  : why);
    m_restore->setStatusTip(m_restore->toolTip());
}

void FindingDetailView::setCaseAllowed(bool allowed, const QString &why)
{
    m_caseAllowed = allowed;
    m_openCase->setEnabled(allowed && m_finding.rowCount > 0);
    m_openCase->setToolTip(allowed ? tr("Put this finding, frozen as evidence, in a new case or "
                                        "in one already open for the same incident")
                                   : why);
}

void FindingDetailView::setCustomersAllowed(bool allowed, const QString &why)
{
    m_customersAllowed = allowed;
    m_customers->setEnabled(allowed && m_finding.userCount > 0);
    m_customers->setToolTip(allowed ? tr("Put the people this finding's rows name on a case's "
                                         "roster, for support to contact")
                                    : why);
}

void FindingDetailView::setMoneyAllowed(bool allowed, const QString &why)
{
    m_moneyAllowed = allowed;
    m_moneyRefusal = why;
    updateMoneyButton();
}

void FindingDetailView::setSchemaProfile(const schema::SchemaProfile &profile)
{
    m_schemaProfile = profile;
    updateMoneyButton();
}

void FindingDetailView::updateMoneyButton()
{
    // Shown only on a finding a money batch repairs, named after what it does.
    const auto money = workspace::moneyFromFinding(m_finding, m_schemaProfile);
    m_money->setVisible(money.has_value());
    if (!money)
        return;
    const workspace::MoneyOperation operation = money->operation;
    m_money->setText(operation == workspace::MoneyOperation::Refund ? tr("Refund these charges…")
                     : operation == workspace::MoneyOperation::Reversal
                         ? tr("Reverse these refunds…")
                         : tr("Claw back these payouts…"));
    m_money->setEnabled(m_moneyAllowed && m_finding.rowCount > 0);
    m_money->setToolTip(
        !m_moneyAllowed ? m_moneyRefusal
        : operation == workspace::MoneyOperation::Refund
            ? tr("Refund the charges of this finding's rows, as a batch for approval")
        : operation == workspace::MoneyOperation::Reversal
            ? tr("Reverse the refunds of this finding's rows, as a batch for approval")
            : tr("Take back what the investors still hold of these payouts and write off the "
                 "rest, as two batches for approval; each claw-back waits for its investor's "
                 "agreement"));
    m_money->setStatusTip(m_money->toolTip());
}

} // namespace payops
