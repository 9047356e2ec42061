#include "select_page.h"

#include "restore_wizard.h"
#include "rows_table_model.h"

#include "core/money.h"
#include "schema/schema_profile.h"
#include "workspace/restore_plan_runner.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

namespace {

QDateTimeEdit *utcEdit(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    edit->setCalendarPopup(true);
    return edit;
}

} // namespace

SelectPage::SelectPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_backup(new QComboBox(this))
    , m_deleted(new QCheckBox(tr("Rows deleted since the backup (put back whole)"), this))
    , m_moved(
          new QCheckBox(tr("Records moved to another account (given back to their owner)"), this))
    , m_sentinel(new QCheckBox(tr("Also every account whose records were parked on a sentinel "
                                  "account"),
                               this))
    , m_filter(new QLineEdit(this))
    , m_usersStatus(new QLabel(this))
    , m_usersModel(new RowsTableModel({tr("Account"), tr("Rows in the finding")}, this))
    , m_usersFiltered(new QSortFilterProxyModel(this))
    , m_usersView(new QTableView(this))
    , m_tables(new QListWidget(this))
    , m_fields(new QLineEdit(this))
    , m_useWindow(new QCheckBox(tr("Judge changed rows by the incident's window"), this))
    , m_from(utcEdit(this))
    , m_to(utcEdit(this))
    , m_rows(new QPlainTextEdit(this))
{
    setTitle(tr("What to put back"));
    setSubTitle(tr("Choose the backup and what was lost. Nothing is written until a second "
                   "person approves the batch this becomes."));
    m_backup->setObjectName(QStringLiteral("backupChoice"));
    m_deleted->setChecked(true);
    m_moved->setChecked(true);
    m_filter->setObjectName(QStringLiteral("usersFilter"));
    m_filter->setPlaceholderText(tr("Filter the accounts…"));
    m_filter->setClearButtonEnabled(true);
    m_usersStatus->setObjectName(QStringLiteral("usersStatus"));
    m_usersModel->setRightAligned({1});
    m_usersFiltered->setSourceModel(m_usersModel);
    m_usersFiltered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_usersFiltered->setFilterKeyColumn(0);
    m_usersView->setObjectName(QStringLiteral("usersView"));
    m_usersView->setModel(m_usersFiltered);
    m_usersView->verticalHeader()->hide();
    m_usersView->horizontalHeader()->setStretchLastSection(true);
    m_usersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tables->setObjectName(QStringLiteral("tablesList"));
    m_fields->setObjectName(QStringLiteral("fieldsEdit"));
    m_fields->setPlaceholderText(tr("TABLE.COLUMN, comma-separated: support_conversations.status, "
                                    "support_conversations.assignee"));
    m_rows->setObjectName(QStringLiteral("rowsEdit"));
    m_rows->setPlaceholderText(tr("Only these rows, one per line as TABLE|KEY, such as "
                                  "public.accounts|{\"id\": 5} (empty: every row chosen above)"));
    m_rows->setMaximumHeight(60);
    m_from->setEnabled(false);
    m_to->setEnabled(false);
    connect(m_useWindow, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_useWindow, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    connect(m_filter, &QLineEdit::textChanged, m_usersFiltered,
            &QSortFilterProxyModel::setFilterFixedString);
    for (QCheckBox *box : {m_deleted, m_moved, m_sentinel})
        connect(box, &QCheckBox::toggled, this, &SelectPage::completeChanged);
    connect(m_fields, &QLineEdit::textChanged, this, &SelectPage::completeChanged);
    connect(m_tables, &QListWidget::itemChanged, this, &SelectPage::completeChanged);
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::usersFound, this,
            &SelectPage::showUsers);

    auto *what = new QGroupBox(tr("What was lost"), this);
    auto *whatLayout = new QVBoxLayout(what);
    whatLayout->addWidget(m_deleted);
    whatLayout->addWidget(m_moved);
    whatLayout->addWidget(m_sentinel);

    auto *users = new QGroupBox(tr("Accounts"), this);
    auto *usersLayout = new QVBoxLayout(users);
    usersLayout->addWidget(m_usersStatus);
    usersLayout->addWidget(m_filter);
    usersLayout->addWidget(m_usersView, 1);

    auto *tables = new QGroupBox(tr("Tables (none ticked: every table that holds accounts)"), this);
    auto *tablesLayout = new QVBoxLayout(tables);
    tablesLayout->addWidget(m_tables, 1);

    auto *fields = new QGroupBox(tr("Overwritten values (a field restore)"), this);
    auto *fieldsForm = new QFormLayout(fields);
    fieldsForm->addRow(tr("Fields:"), m_fields);
    auto *window = new QHBoxLayout;
    window->addWidget(m_useWindow);
    window->addWidget(new QLabel(tr("from"), this));
    window->addWidget(m_from);
    window->addWidget(new QLabel(tr("to"), this));
    window->addWidget(m_to);
    window->addStretch(1);
    fieldsForm->addRow(tr("Incident:"), window);
    fieldsForm->addRow(tr("Rows:"), m_rows);

    auto *top = new QFormLayout;
    top->addRow(tr("Backup:"), m_backup);
    auto *middle = new QHBoxLayout;
    middle->addWidget(users, 1);
    middle->addWidget(tables, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(what);
    layout->addLayout(middle, 1);
    layout->addWidget(fields);
}

void SelectPage::initializePage()
{
    if (m_initialized)
        return; // coming back keeps what was chosen
    m_initialized = true;
    const RestoreStart &start = m_wizard->start();
    for (const BackupSource &backup : m_wizard->runner()->backups())
        m_backup->addItem(backup.name);
    m_backup->setCurrentText(m_wizard->backup().name);
    fillTables();
    if (start.finding) {
        const Finding &finding = *start.finding;
        m_usersStatus->setText(tr("Reading the accounts of “%1”…").arg(finding.title));
        m_wizard->runner()->findUsersOfRows(finding.rowsSql);
        if (finding.windowStart.isValid() && finding.windowEnd.isValid()) {
            m_from->setDateTime(finding.windowStart);
            m_to->setDateTime(finding.windowEnd);
        }
    } else if (!start.user.isEmpty()) {
        showUsers({{start.user, 0}});
    } else {
        m_usersStatus->setText(tr("No accounts chosen: the tables and fields below say what is "
                                  "put back."));
    }
}

void SelectPage::showUsers(const QVector<workspace::UserRows> &users)
{
    QVector<QStringList> rows;
    m_users.clear();
    for (const workspace::UserRows &u : users) {
        m_users << u.user;
        rows.append({u.user, u.rows > 0 ? formatCount(u.rows) : QString()});
    }
    m_usersModel->setRows(rows);
    m_usersView->resizeColumnsToContents();
    m_usersStatus->setText(
        m_users.isEmpty()
            ? tr("The finding's rows name no account: choose tables or fields instead.")
            : tr("%1 accounts chosen: what they lost is put back.")
                  .arg(formatCount(m_users.size())));
    emit completeChanged();
    emit usersLoaded(int(m_users.size()));
}

void SelectPage::fillTables()
{
    // The comparison's counts when the wizard was opened from it.
    const auto &counts = m_wizard->start().tableCounts;
    QStringList names = counts.keys();
    for (const auto &[entity, map] : m_wizard->workspace().schemaProfile().tables.asKeyValueRange())
        if (map.isMapped() && !names.contains(map.table))
            names << map.table;
    names.sort();
    for (const QString &table : names) {
        QStringList parts;
        for (const auto &[change, n] : counts.value(table).asKeyValueRange())
            parts << QStringLiteral("%1 %2").arg(formatCount(n), change);
        auto *item = new QListWidgetItem(
            parts.isEmpty()
                ? table
                : QStringLiteral("%1 (%2)").arg(table, parts.join(QStringLiteral(", "))),
            m_tables);
        item->setData(Qt::UserRole, table);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
}

workspace::RestoreRequest SelectPage::request() const
{
    workspace::RestoreRequest request;
    for (const BackupSource &backup : m_wizard->runner()->backups())
        if (backup.name == m_backup->currentText())
            request.backup = backup;
    request.lostToSentinel = m_sentinel->isChecked();
    restore::RestoreSelection &s = request.selection;
    s.deletedRows = m_deleted->isChecked();
    s.movedRows = m_moved->isChecked();
    s.users = QSet<QString>(m_users.cbegin(), m_users.cend());
    for (int i = 0; i < m_tables->count(); ++i)
        if (m_tables->item(i)->checkState() == Qt::Checked)
            s.tables << m_tables->item(i)->data(Qt::UserRole).toString();
    for (const QString &field : m_fields->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString f = field.trimmed();
        const QString table = f.section(QLatin1Char('.'), 0, -2);
        const QString column = f.section(QLatin1Char('.'), -1);
        if (!table.isEmpty() && !column.isEmpty())
            s.fields[table] << column;
    }
    // Tables named: the fields' tables are compared too (as the command line does).
    if (!s.tables.isEmpty())
        for (auto it = s.fields.cbegin(); it != s.fields.cend(); ++it)
            if (!s.tables.contains(it.key()))
                s.tables << it.key();
    for (const QString &line : m_rows->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        s.rows.insert(line.trimmed());
    if (m_useWindow->isChecked()) {
        s.incidentStart = m_from->dateTime();
        s.incidentEnd = m_to->dateTime();
    }
    return request;
}

bool SelectPage::isComplete() const
{
    if (m_backup->currentText().isEmpty())
        return false;
    const workspace::RestoreRequest r = request();
    const bool anyKind =
        r.selection.deletedRows || r.selection.movedRows || !r.selection.fields.isEmpty();
    return anyKind && (!r.selection.users.isEmpty() || r.lostToSentinel ||
                       !r.selection.tables.isEmpty() || !r.selection.fields.isEmpty());
}

bool SelectPage::validatePage()
{
    m_wizard->setRequest(request());
    return true;
}

} // namespace payops
