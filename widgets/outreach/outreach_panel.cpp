#include "outreach_panel.h"

#include "database_reason.h"
#include "person_page.h"
#include "roster_filter.h"
#include "roster_table_model.h"
#include "status_chart.h"

#include "core/money.h"
#include "core/user_error.h"
#include "outreach/status_words.h"
#include "workspace/outreach_runner.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace payops {

OutreachPanel::OutreachPanel(QWidget *parent)
    : QWidget(parent)
    , m_case(new QComboBox(this))
    , m_statusFilter(new QComboBox(this))
    , m_assigneeFilter(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_export(new QToolButton(this))
    , m_model(new RosterTableModel(this))
    , m_filter(new RosterFilter(this))
    , m_table(new QTableView(this))
    , m_selection(new QLabel(this))
    , m_markContacted(new QPushButton(tr("Mark contacted"), this))
    , m_bulkAssignee(new QComboBox(this))
    , m_assign(new QPushButton(tr("Assign"), this))
    , m_message(new QLabel(this))
    , m_chart(new StatusChart(this))
    , m_person(new PersonPage(this))
    , m_template(new QComboBox(this))
    , m_previewTitle(new QLabel(this))
    , m_preview(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("outreachPanel"));
    m_case->setObjectName(QStringLiteral("outreachCase"));
    m_case->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_case->setMinimumContentsLength(30);
    m_statusFilter->setObjectName(QStringLiteral("outreachStatusFilter"));
    m_statusFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_assigneeFilter->setObjectName(QStringLiteral("outreachAssigneeFilter"));
    m_assigneeFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_count->setObjectName(QStringLiteral("outreachCount"));
    m_export->setObjectName(QStringLiteral("outreachExport"));
    m_export->setText(tr("Export…"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setToolTip(tr("Write the messages to the people shown into a folder"));
    auto *exportMenu = new QMenu(m_export);
    const auto addExport = [&](const QString &label, outreach::ExportFormat format) {
        QAction *action = exportMenu->addAction(label);
        connect(action, &QAction::triggered, this, [this, label, format] {
            const QString directory = askFolder(label);
            if (!directory.isEmpty())
                exportShown(format, directory);
        });
    };
    addExport(tr("Mail-merge CSV…"), outreach::ExportFormat::Csv);
    addExport(tr("E-mails, one .eml file a person…"), outreach::ExportFormat::Eml);
    addExport(tr("Phone-call scripts, one a person…"), outreach::ExportFormat::Calls);
    m_export->setMenu(exportMenu);

    m_filter->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("rosterTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RosterTableModel::Account, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(RosterTableModel::NextStep,
                                                      QHeaderView::Stretch);

    m_selection->setObjectName(QStringLiteral("outreachSelection"));
    m_markContacted->setObjectName(QStringLiteral("outreachMarkContacted"));
    m_bulkAssignee->setObjectName(QStringLiteral("outreachBulkAssignee"));
    m_bulkAssignee->setEditable(true);
    m_bulkAssignee->setInsertPolicy(QComboBox::NoInsert);
    m_bulkAssignee->setMinimumContentsLength(12);
    m_assign->setObjectName(QStringLiteral("outreachAssign"));
    m_message->setObjectName(QStringLiteral("outreachMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Case"), this));
    filters->addWidget(m_case);
    filters->addSpacing(12);
    filters->addWidget(new QLabel(tr("Status"), this));
    filters->addWidget(m_statusFilter);
    filters->addWidget(new QLabel(tr("Assignee"), this));
    filters->addWidget(m_assigneeFilter);
    filters->addWidget(m_count, 1);
    filters->addWidget(m_export);

    auto *bulk = new QHBoxLayout;
    bulk->addWidget(m_selection);
    bulk->addWidget(m_markContacted);
    bulk->addSpacing(12);
    bulk->addWidget(new QLabel(tr("Assign to"), this));
    bulk->addWidget(m_bulkAssignee);
    bulk->addWidget(m_assign);
    bulk->addStretch(1);

    // Left the people and, under them, how many stand where; right the one
    // picked, with room for their history.
    auto *people = new QWidget(this);
    auto *peopleLayout = new QVBoxLayout(people);
    peopleLayout->setContentsMargins(0, 0, 0, 0);
    peopleLayout->addWidget(m_table, 1);
    peopleLayout->addLayout(bulk);
    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(people);
    left->addWidget(m_chart);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 1);
    left->setChildrenCollapsible(false);
    // The message the exports write, and how it reads for one person.
    m_template->setObjectName(QStringLiteral("outreachTemplate"));
    // Its width is the panel's, not its longest template name's.
    m_template->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_template->setMinimumContentsLength(16);
    m_template->setToolTip(tr("The message the exports write: each person's default for what "
                              "happened to them, or one message for everyone"));
    m_template->addItem(tr("Each person's default (by what happened to them)"), -1);
    for (const outreach::IncidentKind kind :
         {outreach::IncidentKind::WrongCharge, outreach::IncidentKind::ReversedRefund,
          outreach::IncidentKind::DuplicatePayout, outreach::IncidentKind::Other}) {
        const QString name = outreach::defaultTemplate(kind).name;
        m_template->addItem(name.left(1).toUpper() + name.mid(1), int(kind));
    }
    m_previewTitle->setObjectName(QStringLiteral("outreachPreviewTitle"));
    m_previewTitle->setWordWrap(true);
    m_preview->setObjectName(QStringLiteral("outreachPreview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    auto *message = new QWidget(this);
    auto *messageLayout = new QVBoxLayout(message);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    auto *templateRow = new QHBoxLayout;
    templateRow->addWidget(new QLabel(tr("Message"), this));
    templateRow->addWidget(m_template, 1);
    messageLayout->addLayout(templateRow);
    messageLayout->addWidget(m_previewTitle);
    messageLayout->addWidget(m_preview, 1);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_person);
    right->addWidget(message);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("outreachSplit"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    askFolder = [this](const QString &title) {
        return QFileDialog::getExistingDirectory(this, title);
    };

    connect(m_case, &QComboBox::currentIndexChanged, this, [this] {
        m_person->clear();
        reload();
    });
    connect(m_template, &QComboBox::currentIndexChanged, this, &OutreachPanel::updatePreview);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatus(m_statusFilter->currentData().toString());
        updateCount();
        updatePreview();
    });
    connect(m_assigneeFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setAssignee(m_assigneeFilter->currentData().toString());
        updateCount();
        updatePreview();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OutreachPanel::showCurrentPerson);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OutreachPanel::updateActions);
    connect(m_person, &PersonPage::saveRequested, this,
            [this](const QString &account, const QVector<outreach::OutreachUpdate> &updates) {
                record({account}, updates, true);
            });
    connect(m_markContacted, &QPushButton::clicked, this, [this] {
        outreach::OutreachUpdate update;
        update.status = QStringLiteral("contacted");
        record(selectedAccounts(), {update}, false);
    });
    connect(m_assign, &QPushButton::clicked, this, [this] {
        outreach::OutreachUpdate update;
        update.assignee = m_bulkAssignee->currentText().trimmed();
        if (update.assignee.isEmpty()) {
            showMessage(tr("Type or pick whom to assign the selected people to."), true);
            return;
        }
        record(selectedAccounts(), {update}, false);
    });
    detach();
}

OutreachPanel::~OutreachPanel() = default;

void OutreachPanel::attach(workspace::Workspace *workspace, const QString &user)
{
    detach();
    if (!workspace)
        return;
    m_user = user;
    m_runner = workspace->createOutreachRunner(this);
    workspace::OutreachRunner *runner = m_runner;
    connect(runner, &workspace::OutreachRunner::casesLoaded, this, &OutreachPanel::showCases);
    connect(runner, &workspace::OutreachRunner::rosterLoaded, this, &OutreachPanel::showRoster);
    connect(runner, &workspace::OutreachRunner::personLoaded, m_person, &PersonPage::showRecord);
    connect(runner, &workspace::OutreachRunner::loadFailed, this,
            [this](const QString &what, const QString &message) {
                showMessage(tr("Could not load %1: %2").arg(what, databaseReason(message)), true);
                m_message->setToolTip(message);
                if (!m_casesKnown) {
                    m_casesKnown = true;
                    chooseStartScreen();
                    updateActions();
                }
            });
    connect(runner, &workspace::OutreachRunner::recorded, this,
            [this](qint64 caseId, const QStringList &accounts, int changed) {
                if (m_savingPerson)
                    m_person->saved();
                m_savingPerson = false;
                showMessage(tr("Recorded for %1 of case %2.")
                                .arg(changed == 1 ? tr("1 person")
                                                  : tr("%1 people").arg(formatCount(changed)))
                                .arg(caseId),
                            false);
                if (caseId == currentCase())
                    reload();
                m_runner->loadCases();
                emit recorded(caseId, accounts);
            });
    connect(runner, &workspace::OutreachRunner::recordFailed, this, [this](const QString &message) {
        // The page keeps what was typed; the reason is the database's.
        if (m_savingPerson)
            m_person->showSaveFailed(message);
        m_savingPerson = false;
        showMessage(tr("Not recorded: %1").arg(databaseReason(message)), true);
        m_message->setToolTip(message);
        emit recordFailed(message);
    });
    connect(runner, &workspace::OutreachRunner::exported, this,
            [this](const outreach::ExportResult &result, const QString &summary) {
                showMessage(tr("Exported: %1").arg(summary), false);
                emit exported(result);
            });
    connect(runner, &workspace::OutreachRunner::exportFailed, this, [this](const QString &message) {
        showMessage(tr("Export failed: %1").arg(databaseReason(message)), true);
        m_message->setToolTip(message);
        emit exportFailed(message);
    });
    connect(runner, &workspace::OutreachRunner::peopleAdded, this,
            [this](qint64 caseId, int added, const QString &summary) {
                showMessage(summary, false);
                // Its roster is shown once the case list (which now has it) is read.
                m_justAdded = caseId;
                m_runner->loadCases();
                emit peopleAdded(caseId, added, summary);
            });
    connect(runner, &workspace::OutreachRunner::addFailed, this, [this](const QString &message) {
        showMessage(tr("Nobody was added: %1").arg(databaseReason(message)), true);
        m_message->setToolTip(message);
        emit addFailed(message);
    });
    // Asked once the connection is up: a job queued before it would find none.
    connect(workspace, &workspace::Workspace::opened, this, [this] {
        if (m_runner)
            m_runner->loadCases();
    });
    updateActions();
}

void OutreachPanel::detach()
{
    delete m_runner;
    m_runner = nullptr;
    m_role.clear();
    m_rolesKnown = m_casesKnown = m_startChosen = false;
    m_cases.clear();
    m_mayRecord = false;
    m_wantedCase = 0;
    {
        const QSignalBlocker block(m_case);
        m_case->clear();
        m_case->setPlaceholderText(tr("No case has a roster yet"));
    }
    m_model->clear();
    m_chart->setCounts({});
    m_person->clear();
    m_message->hide();
    {
        const QSignalBlocker blockStatus(m_statusFilter);
        const QSignalBlocker blockAssignee(m_assigneeFilter);
        m_statusFilter->clear();
        m_statusFilter->addItem(tr("All statuses"), QString());
        for (const QString &status : outreach::outreachStatuses())
            m_statusFilter->addItem(outreach::statusWords(status), status);
        m_assigneeFilter->clear();
        m_assigneeFilter->addItem(tr("Anyone"), RosterFilter::anyone());
        m_assigneeFilter->addItem(tr("Nobody assigned"), RosterFilter::nobody());
    }
    m_filter->setStatus(QString());
    m_filter->setAssignee(RosterFilter::anyone());
    updateCount();
    updateActions();
}

void OutreachPanel::setConsoleRole(const QString &role)
{
    m_role = role;
    m_rolesKnown = true;
    chooseStartScreen();
}

void OutreachPanel::chooseStartScreen()
{
    if (m_startChosen || !m_rolesKnown || !m_casesKnown || m_role != u"support")
        return;
    m_startChosen = true;
    emit startScreenChosen(!m_cases.isEmpty());
}

qint64 OutreachPanel::currentCase() const
{
    return m_case->currentData().toLongLong();
}

void OutreachPanel::showCase(qint64 caseId)
{
    m_wantedCase = caseId;
    const int index = m_case->findData(caseId);
    if (index >= 0)
        m_case->setCurrentIndex(index);
}

void OutreachPanel::reload()
{
    if (m_runner && currentCase() > 0) {
        if (m_person->account().isEmpty() == false)
            m_keepAccount = m_person->account();
        m_runner->loadRoster(currentCase());
    }
}

void OutreachPanel::showCases(const QVector<outreach::RosterCase> &cases, bool mayRecord)
{
    const qint64 shown = currentCase();
    m_cases = cases;
    m_mayRecord = mayRecord;
    {
        const QSignalBlocker block(m_case);
        m_case->clear();
        for (const outreach::RosterCase &c : cases)
            m_case->addItem(tr("Case %1: %2 · %3 people, %4 not contacted")
                                .arg(c.id)
                                .arg(c.title, formatCount(c.people), formatCount(c.notContacted)),
                            c.id);
    }
    // The case people were just added to; else the case shown stays; else
    // the one asked for; else the newest.
    qint64 wanted = m_justAdded > 0 ? m_justAdded : shown > 0 ? shown : m_wantedCase;
    m_justAdded = 0;
    int index = m_case->findData(wanted);
    if (index < 0)
        index = cases.isEmpty() ? -1 : 0;
    {
        const QSignalBlocker block(m_case);
        m_case->setCurrentIndex(index);
    }
    if (currentCase() != shown || m_model->caseId() != currentCase())
        reload();
    if (!m_casesKnown) {
        m_casesKnown = true;
        chooseStartScreen();
    }
    updateActions();
}

void OutreachPanel::showRoster(qint64 caseId, const QVector<outreach::RosterPerson> &people)
{
    if (caseId != currentCase())
        return;
    const QString keep = m_keepAccount;
    m_keepAccount.clear();
    const QStringList selected = selectedAccounts();
    m_model->setPeople(caseId, people);

    // The filters say how many each would show.
    const QMap<QString, int> counts = m_model->countsPerStatus();
    {
        const QSignalBlocker block(m_statusFilter);
        m_statusFilter->setItemText(0, tr("All statuses (%1)").arg(formatCount(people.size())));
        for (int i = 1; i < m_statusFilter->count(); ++i) {
            const QString status = m_statusFilter->itemData(i).toString();
            m_statusFilter->setItemText(
                i, QStringLiteral("%1 (%2)").arg(outreach::statusWords(status),
                                                 formatCount(counts.value(status))));
        }
    }
    const QStringList assignees = m_model->assignees();
    {
        const QSignalBlocker block(m_assigneeFilter);
        const QString chosen = m_assigneeFilter->currentData().toString();
        while (m_assigneeFilter->count() > 2)
            m_assigneeFilter->removeItem(2);
        for (const QString &name : assignees)
            m_assigneeFilter->addItem(name, name);
        m_assigneeFilter->setCurrentIndex(std::max(0, m_assigneeFilter->findData(chosen)));
        m_filter->setAssignee(m_assigneeFilter->currentData().toString());
    }
    QStringList known = assignees;
    if (!m_user.isEmpty() && !known.contains(m_user))
        known.prepend(m_user);
    m_person->setKnownAssignees(known);
    const QString typed = m_bulkAssignee->currentText();
    m_bulkAssignee->clear();
    m_bulkAssignee->addItems(known);
    m_bulkAssignee->setCurrentText(typed.isEmpty() ? m_user : typed);
    m_chart->setCounts(counts);

    m_table->resizeColumnsToContents();
    // Long names and addresses do not push the rest off the screen.
    for (int c = 0; c < RosterTableModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 260));
    // The person and the selection stay where they were.
    for (const QString &account : selected) {
        const int row = m_model->rowOf(account);
        if (row >= 0)
            m_table->selectionModel()->select(m_filter->mapFromSource(m_model->index(row, 0)),
                                              QItemSelectionModel::Select |
                                                  QItemSelectionModel::Rows);
    }
    const int row = m_model->rowOf(keep);
    if (row >= 0) {
        const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
        if (index.isValid()) {
            const QSignalBlocker block(m_table->selectionModel());
            m_table->selectionModel()->setCurrentIndex(
                index, selected.isEmpty()
                           ? QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows
                           : QItemSelectionModel::NoUpdate);
        }
        // The page stays on them, even when the filter no longer shows them.
        m_person->showPerson(m_model->person(row));
        m_runner->loadPerson(caseId, keep);
    }
    updateCount();
    updateActions();
    updatePreview();
    emit rosterShown(caseId, people.size());
}

void OutreachPanel::showCurrentPerson()
{
    // Nobody current (a filter hid them): the page stays as it is.
    const QModelIndex index = m_filter->mapToSource(m_table->currentIndex());
    if (!index.isValid())
        return;
    const outreach::RosterPerson &person = m_model->person(index.row());
    m_person->showPerson(person);
    updatePreview();
    if (m_runner)
        m_runner->loadPerson(m_model->caseId(), person.account);
}

QStringList OutreachPanel::selectedAccounts() const
{
    QStringList accounts;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        accounts << index.data(RosterTableModel::AccountRole).toString();
    return accounts;
}

QString OutreachPanel::recordRefusal() const
{
    if (!m_runner)
        return tr("Connect to a billing database first.");
    if (m_mayRecord)
        return QString();
    if (!m_casesKnown)
        return tr("Asking the database what %1 may record…")
            .arg(m_user.isEmpty() ? tr("this database user") : m_user);
    const QString who = m_user.isEmpty() ? tr("this database user") : m_user;
    return tr("Recording outreach needs the payops_support role, which %1 does not hold (a "
              "database owner grants it: payops grant support %2).")
        .arg(who, m_user.isEmpty() ? tr("USER") : m_user);
}

void OutreachPanel::updateActions()
{
    const QString refusal = recordRefusal();
    const bool allowed = refusal.isEmpty();
    m_person->setRecordAllowed(allowed, refusal);
    const int selected = m_table->selectionModel()->selectedRows().size();
    m_selection->setText(selected == 0 ? tr("None selected:")
                                       : tr("%1 selected:").arg(formatCount(selected)));
    for (QPushButton *button : {m_markContacted, m_assign}) {
        button->setEnabled(allowed && selected > 0);
        button->setToolTip(!allowed        ? refusal
                           : selected == 0 ? tr("Select people in the table first (Ctrl or Shift "
                                                "and click for several).")
                                           : QString());
    }
    m_markContacted->setToolTip(allowed && selected > 0
                                    ? tr("Record the selected people as contacted")
                                    : m_markContacted->toolTip());
    m_assign->setToolTip(allowed && selected > 0 ? tr("Assign the selected people to whom is "
                                                      "typed beside")
                                                 : m_assign->toolTip());
    m_bulkAssignee->setEnabled(allowed);
    m_export->setEnabled(m_runner && m_model->rowCount() > 0);
}

void OutreachPanel::updateCount()
{
    const int total = m_model->rowCount();
    m_count->setText(total == 0 ? QString()
                                : tr("Showing %1 of %2 people")
                                      .arg(formatCount(m_filter->rowCount()), formatCount(total)));
}

void OutreachPanel::showMessage(const QString &text, bool isError)
{
    m_message->setText(text);
    m_message->setToolTip(QString());
    m_message->setStyleSheet(
        isError ? QStringLiteral("background: #fdecea; color: #8e0000; padding: 4px;")
                : QStringLiteral("background: #e8f5e9; color: #1b5e20; padding: 4px;"));
    m_message->show();
}

void OutreachPanel::record(const QStringList &accounts,
                           const QVector<outreach::OutreachUpdate> &updates, bool fromPersonPage)
{
    if (!m_runner || currentCase() <= 0)
        return;
    if (accounts.isEmpty()) {
        showMessage(tr("Select people in the table first."), true);
        return;
    }
    m_savingPerson = fromPersonPage;
    m_runner->record(currentCase(), accounts, updates);
}

void OutreachPanel::exportShown(outreach::ExportFormat format, const QString &directory)
{
    if (!m_runner || currentCase() <= 0)
        return;
    QStringList accounts;
    // Everyone when nothing is filtered out; else the people shown.
    if (m_filter->rowCount() != m_model->rowCount())
        for (int r = 0; r < m_filter->rowCount(); ++r)
            accounts << m_filter->index(r, 0).data(RosterTableModel::AccountRole).toString();
    if (m_filter->rowCount() == 0) {
        showMessage(tr("Nobody is shown: change the filters to show the people to write to."),
                    true);
        return;
    }
    m_runner->exportTo(currentCase(), accounts, format, directory, chosenTemplate());
}

std::optional<outreach::MessageTemplate> OutreachPanel::chosenTemplate() const
{
    const int kind = m_template->currentData().toInt();
    if (kind < 0)
        return std::nullopt;
    return outreach::defaultTemplate(outreach::IncidentKind(kind));
}

void OutreachPanel::updatePreview()
{
    // The current person when the filters show them, else the first shown.
    QModelIndex index = m_filter->mapToSource(m_table->currentIndex());
    if (!index.isValid() && m_filter->rowCount() > 0)
        index = m_filter->mapToSource(m_filter->index(0, 0));
    if (!index.isValid()) {
        m_previewTitle->setText(tr("Nobody is shown: no message to preview."));
        m_preview->clear();
        return;
    }
    const outreach::RosterPerson &person = m_model->person(index.row());
    outreach::CaseInfo info;
    info.id = m_model->caseId();
    for (const outreach::RosterCase &c : m_cases)
        if (c.id == info.id)
            info.title = c.title;
    outreach::ExportOptions options;
    options.chosen = chosenTemplate();
    try {
        const outreach::RenderedMessage message = outreach::previewMessage(info, person, options);
        m_previewTitle->setText(tr("What the export writes to %1 (account %2), with \"%3\":")
                                    .arg(person.name.isEmpty() ? tr("this person") : person.name,
                                         person.account, message.templateName));
        QString text =
            tr("From: %1\nTo: %2\nSubject: %3\n\n%4")
                .arg(message.from,
                     person.email.isEmpty() ? tr("(no e-mail address on record)") : person.email,
                     message.subject, message.body);
        if (!message.call.isEmpty())
            text += tr("\n\n— On the phone (call scripts) —\n%1").arg(message.call);
        m_preview->setPlainText(text);
    } catch (const UserError &e) {
        m_previewTitle->setText(
            tr("This person's message cannot be rendered: %1").arg(e.message()));
        m_preview->clear();
    }
}

void OutreachPanel::addPeopleOfRows(qint64 caseId, const QString &rowsSql, const QString &incident,
                                    const std::optional<BackupSource> &backup)
{
    if (!m_runner) {
        emit addFailed(tr("Connect to a billing database first."));
        return;
    }
    m_runner->addPeopleOfRows(caseId, rowsSql, incident, backup);
}

} // namespace payops
