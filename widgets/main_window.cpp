#include "main_window.h"

#include "activity_bar.h"
#include "approvals_panel.h"
#include "backup_diff_dialog.h"
#include "batch_review_dialog.h"
#include "case_checks_panel.h"
#include "case_choice_dialog.h"
#include "cases_panel.h"
#include "connection_dialog.h"
#include "environment_banner.h"
#include "finding_detail_view.h"
#include "findings_panel.h"
#include "incidents_panel.h"
#include "money/money_start.h"
#include "money/money_wizard.h"
#include "money_run/money_run_dialog.h"
#include "ops/watch_queries.h"
#include "outreach/outreach_panel.h"
#include "outreach/outreach_tab.h"
#include "outreach/roster_from_finding_dialog.h"
#include "overview_panel.h"
#include "person_words.h"
#include "restore/restore_start.h"
#include "restore/restore_wizard.h"
#include "sql_dialog.h"
#include "user_history_dialog.h"
#include "watch_status/watch_dialog.h"
#include "watch_status/watch_notifier.h"

#include "core/profile_store.h"
#include "core/user_error.h"
#include "items/column_presentation.h"
#include "items/query_table_model.h"
#include "secrets/secret_store.h"
#include "workspace/backup_comparison_runner.h"
#include "workspace/case_lifecycle_runner.h"
#include "workspace/money_finding.h"
#include "workspace/restore_plan_runner.h"
#include "workspace/scan_runner.h"
#include "workspace/user_comparison_runner.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <limits>

namespace payops {

MainWindow::MainWindow(secrets::SecretStore &secrets, QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_secrets(secrets)
    , m_settings(settings)
    , m_profiles(new ProfileStore(settings))
    , m_banner(new EnvironmentBanner(this))
    , m_message(new QLabel(this))
    , m_findings(new FindingsPanel(this))
    , m_approvals(new ApprovalsPanel(this))
    , m_cases(new CasesPanel(this))
    , m_detail(new FindingDetailView(this))
    , m_activity(new ActivityBar(this))
{
    setWindowTitle(tr("PayOps Incident Console"));
    // Opened maximised (app/console); unmaximised it fits a 1600x1000 screen.
    resize(1520, 900);
    items::loadDisplayZone(m_settings);

    m_message->setObjectName(QStringLiteral("messageBar"));
    m_message->setWordWrap(true);
    m_message->setVisible(false);

    // Left: what the detectors found, and what waits for a second person.
    auto *left = new QTabWidget(this);
    m_leftTabs = left;
    left->setObjectName(QStringLiteral("leftTabs"));
    left->addTab(m_findings, tr("Findings"));
    left->addTab(m_cases, tr("Cases"));
    left->addTab(m_approvals, tr("Approvals"));
    // The on-call engineer's overview, first of the left tabs: the detail
    // on the right stays where it is for everyone.
    m_overview = new OverviewPanel(this);
    left->insertTab(0, m_overview, tr("Overview"));
    // Incidents before the findings they group: what an operator repairs.
    m_incidents = new IncidentsPanel(this);
    left->insertTab(1, m_incidents, tr("Incidents"));
    connect(m_incidents, &IncidentsPanel::findingChosen, this, [this](const Finding &finding) {
        if (!m_detail->isShowing(finding))
            m_detail->showFinding(finding);
    });
    connect(m_incidents, &IncidentsPanel::openCaseRequested, this,
            [this](const detect::Incident &incident) {
                if (m_workspace)
                    m_workspace->openIncidentCase(incident);
            });
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter = splitter;
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    // Both sides widen with the window (the list's titles and money too).
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({600, 900});

    // Customers, next to Cases: support's roster of a case and their start
    // screen when a case has one (widgets/outreach; wired here and in
    // connectTo and closeWorkspace, one line each).
    m_outreach = new OutreachPanel(this);
    installOutreachTab(left, m_cases, m_outreach);
    connect(m_outreach, &OutreachPanel::startScreenChosen, this, [this](bool onRoster) {
        m_leftTabs->setCurrentWidget(onRoster ? static_cast<QWidget *>(m_outreach) : m_cases);
    });
    // Re-checks, after Customers: the accounts to look at again once a
    // repair is done, ticked off by operators.
    m_checks = new CaseChecksPanel(this);
    left->insertTab(left->indexOf(m_outreach) + 1, m_checks, tr("Re-checks"));
    // Both show the case selected in Cases when they are picked.
    connect(left, &QTabWidget::currentChanged, this, [this] {
        const qint64 caseId = m_cases->selectedCase();
        if (m_leftTabs->currentWidget() == m_findings && !m_detailFollowsFindings) {
            m_detailFollowsFindings = true;
            if (const Finding current = m_findings->currentFinding(); !current.title.isEmpty())
                m_detail->showFinding(current);
        }
        if (m_leftTabs->currentWidget() == m_outreach && caseId > 0)
            m_outreach->showCase(caseId);
        else if (m_leftTabs->currentWidget() == m_checks)
            m_checks->showCase(caseId);
    });
    connect(m_checks, &CaseChecksPanel::ticked, this, [this](qint64 caseId) {
        if (m_workspace)
            m_workspace->verifyAuditChain(); // every tick is in the chain
        m_cases->refresh(caseId);
    });
    connect(m_outreach, &OutreachPanel::recorded, this, [this] {
        if (m_workspace)
            m_workspace->verifyAuditChain(); // every record is in the chain
    });

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    // Messages below the work, not above it: showing one never moves a
    // button or a row under the pointer.
    layout->addWidget(m_message);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_activity);

    askPassword = [this](const QString &question, bool *ok) {
        return QInputDialog::getText(this, tr("Password"), question, QLineEdit::Password, QString(),
                                     ok);
    };
    askExportPath = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Export rows as CSV"), suggested,
                                            tr("CSV files (*.csv)"));
    };

    connect(m_findings, &FindingsPanel::findingSelected, this, [this](const Finding &finding) {
        if (m_detailFollowsFindings)
            m_detail->showFinding(finding);
    });
    // A click or select() also changes the current item, so findingSelected
    // may have shown the finding already; show it once.
    connect(m_findings, &FindingsPanel::findingChosen, this, [this](const Finding &finding) {
        m_detailFollowsFindings = true;
        if (!m_detail->isShowing(finding))
            m_detail->showFinding(finding);
    });
    connect(m_detail, &FindingDetailView::showSqlRequested, this,
            [this](const QString &title, const QString &sql) {
                auto *dialog = new SqlDialog(title, sql, false, this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->show();
            });
    connect(m_detail, &FindingDetailView::exportRequested, this, &MainWindow::exportRows);
    connect(m_approvals, &ApprovalsPanel::reviewRequested, this, &MainWindow::reviewBatch);
    connect(m_approvals, &ApprovalsPanel::runRequested, this, &MainWindow::openMoneyRun);
    connect(m_detail, &FindingDetailView::openCaseRequested, this, &MainWindow::openCase);
    connect(m_detail, &FindingDetailView::customersRequested, this, &MainWindow::addCustomersOf);
    connect(m_detail, &FindingDetailView::restoreRequested, this, [this](const Finding &finding) {
        RestoreStart start;
        start.finding = finding;
        openRestoreWizard(start);
    });
    connect(m_detail, &FindingDetailView::moneyRequested, this,
            [this](const Finding &finding) { openMoneyWizard(moneyStartFor(finding)); });
    connect(m_cases, &CasesPanel::restoreRequested, this, [this](qint64 caseId) {
        RestoreStart start;
        start.caseId = caseId;
        openRestoreWizard(start);
    });
    connect(m_cases, &CasesPanel::noteRequested, this, [this](qint64 caseId, const QString &text) {
        if (m_workspace)
            m_workspace->addCaseNote(caseId, text);
    });
    connect(m_cases, &CasesPanel::moveRequested, this, &MainWindow::moveCase);
    connect(m_cases, &CasesPanel::dossierRequested, this, [this](qint64 caseId) {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Folder for the dossier of case %1").arg(caseId), QDir::homePath());
        if (!folder.isEmpty())
            writeDossier(caseId, folder);
    });
    connect(m_activity, &ActivityBar::cancelRequested, this, &MainWindow::cancelAll);
    buildMenus();
    buildPersonMenus();
}

MainWindow::~MainWindow()
{
    closeWorkspace();
    delete m_profiles;
}

void MainWindow::buildMenus()
{
    // The same actions in the menus and on the toolbar, so the three things
    // an operator does most (connect, scan, cancel) are one click away.
    auto *connectAction = new QAction(tr("&Connect…"), this);
    connectAction->setShortcut(QKeySequence(tr("Ctrl+O")));
    connect(connectAction, &QAction::triggered, this, &MainWindow::openConnectionDialog);
    auto *scanAction = new QAction(tr("&Run all detectors"), this);
    scanAction->setShortcut(QKeySequence(Qt::Key_F5));
    connect(scanAction, &QAction::triggered, this, &MainWindow::startScan);
    auto *cancelAction = new QAction(tr("&Cancel running queries"), this);
    cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(cancelAction, &QAction::triggered, this, &MainWindow::cancelAll);

    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->addAction(connectAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *scan = menuBar()->addMenu(tr("&Scan"));
    scan->addAction(scanAction);
    scan->addAction(cancelAction);
    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(tr("Run a &read-only query…"), this, [this] {
        auto *dialog = new SqlDialog(tr("Read-only query"), QString(), true, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &SqlDialog::runRequested, this, &MainWindow::runReadOnlyQuery);
        dialog->show();
    });

    tools->addAction(tr("Compare a &user with the backup…"), this, [this] { openUserHistory(); });
    tools->addAction(tr("Compare the database with a &backup…"), this,
                     [this] { openBackupDiff(); });
    m_restoreAction = tools->addAction(tr("Re&store from a backup…"), this,
                                       [this] { openRestoreWizard(RestoreStart()); });
    m_restoreAction->setObjectName(QStringLiteral("restoreAction"));
    m_moneyAction = tools->addAction(tr("Re&fund, reverse or claw back…"), this,
                                     [this] { openMoneyWizard(MoneyStart()); });
    m_moneyAction->setObjectName(QStringLiteral("moneyAction"));
    // What payops watch knows of this database (widgets/watch_status).
    tools
        ->addAction(tr("&Watch status and alerts…"), this,
                    [this] {
                        if (m_workspace && m_connected)
                            (new WatchDialog(*m_workspace, this))->show();
                        else
                            showMessage(tr("Connect to a billing database first."), false);
                    })
        ->setObjectName(QStringLiteral("watchAction"));
    tools->addAction(tr("R&un or reconcile a money batch…"), this, [this] {
        bool ok = false;
        const int id = QInputDialog::getInt(this, tr("Run a money batch"), tr("Batch number:"), 1,
                                            1, std::numeric_limits<int>::max(), 1, &ok);
        if (ok)
            openMoneyRun(id);
    });
    QAction *dossier = tools->addAction(tr("Write the selected case's &dossier…"), this, [this] {
        if (m_cases->selectedCase() > 0)
            emit m_cases->dossierRequested(m_cases->selectedCase());
        else
            showMessage(tr("Select a case in the Cases tab first."), true);
    });
    dossier->setObjectName(QStringLiteral("dossierAction"));

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(connectAction);
    toolbar->addAction(scanAction);
    toolbar->addAction(cancelAction);
}

void MainWindow::openConnectionDialog()
{
    ConnectionDialog dialog(*m_profiles, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionProfile profile = dialog.profile();
    // A backup typed with its password was saved without it: the secret
    // store is the only place it is kept, whatever the box above says.
    const QHash<QString, QString> backupPasswords = dialog.backupPasswords();
    for (auto it = backupPasswords.cbegin(); it != backupPasswords.cend(); ++it)
        m_secrets.writePassword(it.key(), it.value(), this,
                                [this](const secrets::SecretResult &result) {
                                    if (!result.ok)
                                        showMessage(result.error, true);
                                });
    if (dialog.password().isEmpty()) {
        connectToProfile(profile);
        return;
    }
    if (dialog.rememberPassword())
        m_secrets.writePassword(profile.secretKey(), dialog.password(), this,
                                [this](const secrets::SecretResult &result) {
                                    if (!result.ok)
                                        showMessage(result.error, true);
                                });
    connectTo(profile, dialog.password());
}

void MainWindow::connectToProfile(const ConnectionProfile &profile)
{
    m_banner->showConnecting(profile);
    // The keychain answers asynchronously (it may be showing an unlock
    // dialog); the window keeps running meanwhile.
    m_secrets.readPassword(
        profile.secretKey(), this, [this, profile](const secrets::SecretResult &result) {
            if (result.ok) {
                connectTo(profile, result.password);
                return;
            }
            if (result.storeUnavailable)
                showMessage(result.error, false);
            bool ok = false;
            const QString password =
                askPassword(tr("Password for %1 on %2:").arg(profile.user, profile.name), &ok);
            if (!ok) {
                m_banner->showDisconnected();
                return;
            }
            connectTo(profile, password);
        });
}

void MainWindow::closeWorkspace()
{
    m_connected = false;
    // The views let go of this connection's tables first: they go with it.
    m_detail->setRowsModel(nullptr);
    m_approvals->setQueueModel(nullptr);
    m_cases->setModels(nullptr, nullptr);
    m_outreach->detach();
    m_checks->detach();
    m_rowsModel = m_approvalsModel = m_casesModel = m_timelineModel = nullptr;
    // Open comparisons and reviews ask this connection: they go with it too.
    for (UserHistoryDialog *dialog : findChildren<UserHistoryDialog *>())
        delete dialog;
    for (BackupDiffDialog *dialog : findChildren<BackupDiffDialog *>())
        delete dialog;
    for (BatchReviewDialog *dialog : findChildren<BatchReviewDialog *>())
        delete dialog;
    for (RestoreWizard *wizard : findChildren<RestoreWizard *>())
        delete wizard;
    for (MoneyWizard *wizard : findChildren<MoneyWizard *>())
        delete wizard;
    for (MoneyRunDialog *run : findChildren<MoneyRunDialog *>())
        delete run; // stops between chunks, waits a bounded time
    m_consoleRole.clear();
    applyConsoleRole();
    m_overview->clear();
    m_incidents->clear();
    delete m_workspace; // cancels what runs and waits a bounded time
    m_workspace = nullptr;
    updateActivity();
}

void MainWindow::connectTo(const ConnectionProfile &profile, const QString &password)
{
    closeWorkspace();
    m_findings->clear();
    m_detail->clear();
    m_message->setVisible(false);
    if (!profile.schemaProfile.isEmpty()) {
        // A profile that does not load connects nothing and runs nothing.
        try {
            m_schemaProfile = schema::SchemaProfile::fromFile(profile.schemaProfile);
        } catch (const UserError &e) {
            m_banner->showDisconnected();
            showMessage(e.message(), true);
            emit connectionFailed(e.message());
            return;
        }
    }
    m_profile = profile;
    m_detail->setSchemaProfile(m_schemaProfile);
    m_banner->showConnecting(profile);

    m_workspace =
        new workspace::Workspace(profile, password, m_schemaProfile, m_secrets, m_settings, this);
    workspace::Workspace *ws = m_workspace;
    connect(ws, &workspace::Workspace::busyChanged, this, &MainWindow::updateActivity);
    connect(ws, &workspace::Workspace::jobStarted, this, [this](const QString &label) {
        m_activityText = tr("Running: %1…").arg(label);
        updateActivity();
    });
    connect(ws, &workspace::Workspace::jobProgress, m_activity, &ActivityBar::setProgress);
    wireScan(ws->scanRunner());

    m_rowsModel = ws->createFindingRowsModel();
    m_detail->setRowsModel(m_rowsModel);
    m_approvalsModel = ws->createTableModel();
    m_approvals->setQueueModel(m_approvalsModel);
    m_casesModel = ws->createTableModel();
    m_timelineModel = ws->createTableModel();
    m_cases->setModels(m_casesModel, m_timelineModel);
    m_outreach->attach(ws, profile.user);
    m_checks->attach(ws);
    connect(ws, &workspace::Workspace::consoleRoleKnown, m_checks,
            &CaseChecksPanel::setConsoleRole);
    connect(ws, &workspace::Workspace::consoleRoleKnown, m_outreach,
            &OutreachPanel::setConsoleRole);

    connect(ws, &workspace::Workspace::consoleRoleKnown, this, [this](const QString &role) {
        m_consoleRole = role;
        applyConsoleRole();
        showPersonStart(role);
        emit consoleRoleKnown(role);
    });
    connect(ws, &workspace::Workspace::payopsSchemaProblem, this,
            [this](const QString &problem) { showMessage(problem, false); });
    connect(ws, &workspace::Workspace::auditChainChecked, this,
            [this](const QString &verdict, bool intact) {
                m_cases->setChainStatus(verdict, intact);
                emit auditChainChecked(intact);
            });
    connect(ws, &workspace::Workspace::caseOpened, this, [this](qint64 caseId) {
        m_leftTabs->setCurrentWidget(m_cases);
        m_cases->refresh(caseId);
        m_workspace->verifyAuditChain();
        emit caseOpened(caseId);
    });
    connect(ws, &workspace::Workspace::findingAttached, this, [this](qint64 caseId) {
        m_leftTabs->setCurrentWidget(m_cases);
        m_cases->refresh(caseId);
        m_workspace->verifyAuditChain();
        showMessage(tr("The finding is now in case %1's timeline.").arg(caseId), false);
        emit findingAttached(caseId);
    });
    connect(ws, &workspace::Workspace::caseNoteAdded, this, [this](qint64 caseId) {
        m_cases->noteSaved();
        m_cases->refresh(caseId);
        m_workspace->verifyAuditChain();
    });
    connect(ws, &workspace::Workspace::caseWorkFailed, this,
            [this](const QString &action, const QString &message) {
                showMessage(tr("Could not %1: %2").arg(action, message), true);
            });
    connect(ws, &workspace::Workspace::rowsExported, this,
            [this](const QString &path, qint64 rows) {
                showMessage(tr("Exported %1 rows to %2.").arg(formatCount(rows), path), false);
                emit exportFinished(path, rows);
            });
    connect(ws, &workspace::Workspace::exportFailed, this, [this](const QString &message) {
        showMessage(tr("Export failed: %1").arg(message), true);
    });

    connect(ws, &workspace::Workspace::opened, this, [this](const ServerIdentity &identity) {
        m_connected = true;
        m_banner->showConnected(m_profile, identity);
        if (const QString mismatch = identity.mismatch(m_profile.environmentLabel);
            !mismatch.isEmpty())
            showMessage(mismatch, true);
        emit connected(identity);
        m_workspace->checkPayopsSchema();
        m_workspace->checkConsoleRole();
        new WatchNotifier(*m_workspace, this); // tray messages of new high alerts
        watchOverview();
        startScan();
        m_approvals->refresh();
        m_cases->refresh();
        m_workspace->verifyAuditChain();
    });
    connect(ws, &workspace::Workspace::routeKnown, this, [this](const ServerRoute &route) {
        m_banner->showRoute(route, m_profile.maxStandbyLagSeconds);
    });
    connect(ws, &workspace::Workspace::openFailed, this, [this](const QString &message) {
        m_banner->showDisconnected();
        showMessage(message, true);
        emit connectionFailed(message);
    });
    connect(ws, &workspace::Workspace::browseOpenFailed, this, [this](const QString &message) {
        if (m_connected)
            showMessage(tr("The second connection, for browsing rows, failed: %1").arg(message),
                        true);
    });
    m_activityText = tr("Connecting…");
    ws->open();
}

void MainWindow::wireScan(workspace::ScanRunner *scan)
{
    connect(scan, &workspace::ScanRunner::findingReady, m_findings, &FindingsPanel::addFinding);
    connect(scan, &workspace::ScanRunner::findingReady, m_overview, &OverviewPanel::addFinding);
    connect(scan, &workspace::ScanRunner::incidentsReady, m_incidents,
            &IncidentsPanel::setIncidents);
    connect(scan, &workspace::ScanRunner::incidentsReady, m_overview, &OverviewPanel::setIncidents);
    connect(scan, &workspace::ScanRunner::finished, m_overview,
            [this] { m_overview->scanFinished(m_findings->progressText()); });
    connect(scan, &workspace::ScanRunner::detectorFailed, this,
            [this](const QString &detector, const QString &message, bool cancelled) {
                if (cancelled) {
                    m_findings->detectorCancelled(detector);
                    showMessage(tr("The %1 scan was cancelled.").arg(detector), false);
                } else
                    m_findings->detectorFailed(detector, message);
            });
    connect(scan, &workspace::ScanRunner::started, m_findings, &FindingsPanel::detectorsStarted);
    connect(scan, &workspace::ScanRunner::detectorStarted, m_findings,
            &FindingsPanel::detectorStarted);
    connect(scan, &workspace::ScanRunner::detectorFinished, m_findings,
            &FindingsPanel::detectorFinished);
    connect(scan, &workspace::ScanRunner::finished, this, &MainWindow::scanFinished);
}

// The overview's line of what payops watch last did, read once a
// connection is up and again after each scan (a lazy model of the
// workspace's, so the read is off the GUI thread).
void MainWindow::watchOverview()
{
    auto *status = m_workspace->createTableModel(m_workspace);
    connect(status, &QueryTableModel::pageLoaded, m_overview,
            [this, status] { m_overview->setWatchText(WatchDialog::statusWords(*status)); });
    connect(status, &QueryTableModel::loadFailed, m_overview, [this](const QString &message) {
        m_overview->setWatchText(tr("its state cannot be read: %1").arg(message));
    });
    status->setQuery(ops::watchStatusSql());
    connect(m_workspace->scanRunner(), &workspace::ScanRunner::finished, status,
            [status] { status->setQuery(ops::watchStatusSql()); });
}

BatchReviewDialog *MainWindow::reviewBatch(qint64 batchId)
{
    if (!m_workspace)
        return nullptr;
    auto *dialog = new BatchReviewDialog(batchId, *m_workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->askPassword = askPassword;
    connect(dialog, &BatchReviewDialog::decided, m_approvals, &ApprovalsPanel::refresh);
    dialog->show();
    return dialog;
}

void MainWindow::setSchemaProfile(const schema::SchemaProfile &schemaProfile)
{
    m_schemaProfile = schemaProfile;
    m_detail->setSchemaProfile(schemaProfile);
}

QString MainWindow::operatorRefusal(const QString &what) const
{
    if (!m_workspace || !m_connected)
        return tr("Connect to a billing database first.");
    if (m_consoleRole == u"operator")
        return QString();
    if (m_consoleRole.isEmpty())
        return tr("%1 are built by an operator (payops grant operator); this database "
                  "user holds none of the console's roles.")
            .arg(what);
    // The database refuses it anyway; the console says so before anyone tries.
    return tr("%1 are built by an operator (payops grant operator); you are signed in as %2.")
        .arg(what, roleInWords(m_consoleRole));
}

QString MainWindow::moneyRunRefusal() const
{
    if (!m_workspace || !m_connected)
        return tr("Connect to a billing database first.");
    if (m_consoleRole == u"operator")
        return QString();
    if (m_consoleRole.isEmpty())
        return tr("Money batches are run by an operator (payops grant operator); this database "
                  "user holds none of the console's roles.");
    return tr("Money batches are run by an operator (payops grant operator); you are signed in "
              "as %1.")
        .arg(roleInWords(m_consoleRole));
}

QString MainWindow::roleInWords(const QString &role)
{
    // One wording for every refusal, so restore and money say the same of a person.
    if (role == u"approver")
        return tr("an approver");
    if (role == u"support")
        return tr("support staff");
    if (role == u"operator")
        return tr("an operator");
    return tr("a %1").arg(role);
}

QString MainWindow::restoreRefusal() const
{
    return operatorRefusal(tr("Restores"));
}

QString MainWindow::moneyRefusal() const
{
    return operatorRefusal(tr("Money batches"));
}

void MainWindow::moveCase(qint64 caseId, const QString &to, const QString &reason, bool override)
{
    if (!m_workspace)
        return;
    auto *runner = m_workspace->createCaseLifecycle(this);
    connect(runner, &workspace::CaseLifecycleRunner::moved, this,
            [this, runner](qint64 id, const QString &state) {
                m_cases->showCaseMessage(tr("Case %1 is %2.").arg(id).arg(state), false);
                m_cases->refresh(id);
                runner->deleteLater();
            });
    connect(runner, &workspace::CaseLifecycleRunner::moveRefused, this,
            [this, runner](qint64, const QString &message) {
                m_cases->showCaseMessage(
                    message.contains(QStringLiteral("may not close yet"))
                        ? message + tr(" End those first, or tick \"Close even though work is "
                                       "still open\" and say why.")
                        : message,
                    true);
                runner->deleteLater();
            });
    runner->moveCase(caseId, to, reason, override);
}

void MainWindow::writeDossier(qint64 caseId, const QString &folder)
{
    if (!m_workspace)
        return;
    auto *runner = m_workspace->createCaseLifecycle(this);
    connect(runner, &workspace::CaseLifecycleRunner::dossierWritten, this,
            [this, runner](qint64 id, const QString &pdf, const QString &markdown) {
                m_cases->showCaseMessage(
                    tr("The dossier of case %1 is in %2 and %3.").arg(id).arg(pdf, markdown),
                    false);
                runner->deleteLater();
            });
    connect(runner, &workspace::CaseLifecycleRunner::dossierFailed, this,
            [this, runner](qint64, const QString &message) {
                m_cases->showCaseMessage(message, true);
                runner->deleteLater();
            });
    runner->writeDossier(caseId, folder);
}

void MainWindow::applyConsoleRole()
{
    const QString moveRefusal =
        m_consoleRole == u"operator" || m_consoleRole.isEmpty()
            ? operatorRefusal(tr("Case moves"))
            : tr("Cases are moved through their lifecycle by an operator (payops grant "
                 "operator); you are signed in as %1.")
                  .arg(roleInWords(m_consoleRole));
    m_cases->setCaseMovesAllowed(moveRefusal.isEmpty(), moveRefusal);
    // Opening a case and writing in its timeline are an operator's; putting
    // people on a roster is support's too (docs/SECURITY.md, Roles).
    const QString caseRefusal =
        m_consoleRole == u"operator" || m_consoleRole.isEmpty()
            ? operatorRefusal(tr("Cases and their notes"))
            : tr("Cases are opened and written in by an operator (payops grant operator); you "
                 "are signed in as %1.")
                  .arg(roleInWords(m_consoleRole));
    m_cases->setNotesAllowed(caseRefusal.isEmpty(), caseRefusal);
    m_detail->setCaseAllowed(caseRefusal.isEmpty(), caseRefusal);
    m_incidents->setCaseAllowed(caseRefusal.isEmpty(), caseRefusal);
    const QString rosterRefusal =
        m_consoleRole == u"operator" || m_consoleRole == u"support"
            ? QString()
            : tr("People are put on a case's roster by support or an operator (payops grant "
                 "support); you are signed in as %1.")
                  .arg(m_consoleRole.isEmpty() ? tr("a user with none of the console's roles")
                                               : roleInWords(m_consoleRole));
    m_detail->setCustomersAllowed(rosterRefusal.isEmpty(), rosterRefusal);
    const QString refusal = restoreRefusal();
    const bool allowed = refusal.isEmpty();
    m_detail->setRestoreAllowed(allowed, refusal);
    m_cases->setRestoreAllowed(allowed, refusal);
    for (BackupDiffDialog *dialog : findChildren<BackupDiffDialog *>())
        dialog->setRestoreAllowed(allowed, refusal);
    for (UserHistoryDialog *dialog : findChildren<UserHistoryDialog *>())
        dialog->setRestoreAllowed(allowed, refusal);
    if (m_restoreAction) {
        m_restoreAction->setEnabled(allowed);
        m_restoreAction->setToolTip(allowed ? tr("Put back from a backup what an incident took")
                                            : refusal);
        m_restoreAction->setStatusTip(m_restoreAction->toolTip());
    }
    const QString runRefused = moneyRunRefusal();
    m_approvals->setRunAllowed(runRefused.isEmpty(), runRefused);
    const QString moneyRefused = moneyRefusal();
    m_detail->setMoneyAllowed(moneyRefused.isEmpty(), moneyRefused);
    if (m_moneyAction) {
        m_moneyAction->setEnabled(moneyRefused.isEmpty());
        m_moneyAction->setToolTip(moneyRefused.isEmpty()
                                      ? tr("Refund charges, reverse refunds or claw back "
                                           "payouts, as batches for approval")
                                      : moneyRefused);
        m_moneyAction->setStatusTip(m_moneyAction->toolTip());
    }
}

RestoreWizard *MainWindow::openRestoreWizard(const RestoreStart &start)
{
    if (const QString refusal = restoreRefusal(); !refusal.isEmpty()) {
        showMessage(refusal, true);
        return nullptr;
    }
    if (m_profile.backups.isEmpty()) {
        showMessage(tr("This connection names no backup to restore from: add one under Backups in "
                       "File → Connect… (a postgresql:// URI or a pg_dump archive)."),
                    true);
        return nullptr;
    }
    auto *wizard = new RestoreWizard(start, *m_workspace, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    // What the wizard changes shows in the panels at once.
    auto caseChanged = [this](qint64 caseId) {
        m_cases->refresh(caseId);
        m_approvals->refresh();
        if (m_workspace)
            m_workspace->verifyAuditChain();
    };
    connect(wizard, &RestoreWizard::batchDrafted, this, caseChanged);
    connect(wizard, &RestoreWizard::batchSubmitted, this, caseChanged);
    connect(wizard, &RestoreWizard::batchExecuted, this, caseChanged);
    connect(wizard, &RestoreWizard::verificationRecorded, this, caseChanged);
    connect(wizard->runner(), &workspace::RestorePlanRunner::notice, this,
            [this](const QString &text) { showMessage(text, false); });
    wizard->show();
    return wizard;
}

MoneyStart MainWindow::moneyStartFor(const Finding &finding) const
{
    MoneyStart start;
    start.finding = finding;
    if (const auto money = workspace::moneyFromFinding(finding, m_schemaProfile)) {
        start.operation = money->operation;
        start.rowsSql = money->rowsSql;
    }
    return start;
}

MoneyWizard *MainWindow::openMoneyWizard(const MoneyStart &start)
{
    if (const QString refusal = moneyRefusal(); !refusal.isEmpty()) {
        showMessage(refusal, true);
        return nullptr;
    }
    if (start.finding && start.rowsSql.isEmpty()) {
        showMessage(tr("The finding “%1” is not one a refund, a reversal or a claw-back repairs: "
                       "open the money wizard from Tools and write the query that picks the "
                       "rows.")
                        .arg(start.finding->title),
                    true);
        return nullptr;
    }
    auto *wizard = new MoneyWizard(start, *m_workspace, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    // What the wizard changes shows in the panels at once.
    auto caseChanged = [this](qint64 caseId) {
        m_cases->refresh(caseId);
        m_approvals->refresh();
        if (m_workspace)
            m_workspace->verifyAuditChain();
    };
    connect(wizard, &MoneyWizard::batchDrafted, this, caseChanged);
    connect(wizard, &MoneyWizard::batchSubmitted, this, caseChanged);
    wizard->show();
    return wizard;
}

MoneyRunDialog *MainWindow::openMoneyRun(qint64 batchId)
{
    if (!m_workspace || !m_connected) {
        showMessage(tr("Connect to a billing database first."), false);
        return nullptr;
    }
    MoneyRunPermissions permissions;
    permissions.runRefusal = moneyRunRefusal();
    if (m_consoleRole != u"approver")
        permissions.giveUpRefusal =
            tr("Finance gives up a held item (payops grant approver); you are signed in as %1.")
                .arg(m_consoleRole.isEmpty() ? tr("none of the console's roles")
                                             : roleInWords(m_consoleRole));
    auto *dialog = new MoneyRunDialog(batchId, *m_workspace, permissions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // What a run changes shows in the panels at once.
    connect(dialog, &MoneyRunDialog::batchChanged, this, [this](qint64 caseId) {
        m_cases->refresh(caseId);
        m_approvals->refresh();
        if (m_workspace)
            m_workspace->verifyAuditChain();
    });
    dialog->show();
    return dialog;
}

CaseChoiceDialog *MainWindow::openCase(const Finding &finding)
{
    if (!m_workspace)
        return nullptr;
    auto *dialog = new CaseChoiceDialog(finding, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString key = finding.rowsSql;
    connect(m_workspace, &workspace::Workspace::caseChoicesLoaded, dialog,
            [dialog, key](const QString &rowsSql, const QVector<ops::CaseChoice> &choices) {
                if (rowsSql == key)
                    dialog->showChoices(choices);
            });
    connect(m_workspace, &workspace::Workspace::caseChoicesFailed, dialog,
            &CaseChoiceDialog::showFailure);
    connect(dialog, &CaseChoiceDialog::newCaseChosen, this, [this](const Finding &f) {
        if (m_workspace)
            m_workspace->openCase(f);
    });
    connect(dialog, &CaseChoiceDialog::attachChosen, this, [this](qint64 caseId, const Finding &f) {
        if (m_workspace)
            m_workspace->attachFinding(caseId, f);
    });
    // Already there: show it, write nothing.
    connect(dialog, &CaseChoiceDialog::showChosen, this, [this](qint64 caseId) {
        m_leftTabs->setCurrentWidget(m_cases);
        m_cases->refresh(caseId);
        showMessage(tr("This finding is already in case %1; nothing was added.").arg(caseId),
                    false);
    });
    m_workspace->loadCaseChoices(finding);
    dialog->show();
    return dialog;
}

RosterFromFindingDialog *MainWindow::addCustomersOf(const Finding &finding)
{
    if (!m_workspace || !m_outreach)
        return nullptr;
    auto *dialog = new RosterFromFindingDialog(finding, m_profile.backups, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString key = finding.rowsSql;
    connect(m_workspace, &workspace::Workspace::caseChoicesLoaded, dialog,
            [dialog, key](const QString &rowsSql, const QVector<ops::CaseChoice> &choices) {
                if (rowsSql == key)
                    dialog->showChoices(choices);
            });
    connect(m_workspace, &workspace::Workspace::caseChoicesFailed, dialog,
            &RosterFromFindingDialog::showFailure);
    connect(dialog, &RosterFromFindingDialog::addRequested, m_outreach,
            &OutreachPanel::addPeopleOfRows);
    connect(m_outreach, &OutreachPanel::peopleAdded, dialog,
            [dialog](qint64 caseId, int, const QString &summary) {
                dialog->showAdded(caseId, summary);
            });
    connect(m_outreach, &OutreachPanel::addFailed, dialog, &RosterFromFindingDialog::showFailure);
    m_workspace->loadCaseChoices(finding);
    dialog->show();
    return dialog;
}

UserHistoryDialog *MainWindow::openUserHistory()
{
    if (!m_workspace || !m_connected) {
        showMessage(tr("Connect to a billing database first."), false);
        return nullptr;
    }
    const std::optional<BackupSource> chosen = m_workspace->firstBackupDatabase();
    if (!chosen) {
        showMessage(tr("This connection names no backup database to compare with: add one under "
                       "Backups in File → Connect… (a postgresql:// URI of a restored copy)."),
                    true);
        return nullptr;
    }
    auto *dialog = new UserHistoryDialog(this);
    dialog->setBackupName(chosen->name);
    dialog->setRestoreAllowed(restoreRefusal().isEmpty(), restoreRefusal());
    connect(dialog, &UserHistoryDialog::restoreRequested, this,
            [this](const QString &user, const QString &backupName) {
                RestoreStart start;
                start.user = user;
                start.backupName = backupName;
                openRestoreWizard(start);
            });
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    workspace::UserComparisonRunner *runner = m_workspace->createUserComparison(*chosen, dialog);
    connect(dialog, &UserHistoryDialog::compareRequested, runner,
            &workspace::UserComparisonRunner::search);
    connect(dialog, &UserHistoryDialog::userPicked, runner, &workspace::UserComparisonRunner::pick);
    connect(runner, &workspace::UserComparisonRunner::notice, this,
            [this](const QString &text) { showMessage(text, false); });
    connect(runner, &workspace::UserComparisonRunner::matchesFound, dialog,
            &UserHistoryDialog::showMatches);
    connect(runner, &workspace::UserComparisonRunner::recordsReady, dialog,
            &UserHistoryDialog::showRecords);
    connect(runner, &workspace::UserComparisonRunner::failed, dialog,
            &UserHistoryDialog::showFailure);
    dialog->show();
    return dialog;
}

BackupDiffDialog *MainWindow::openBackupDiff()
{
    if (!m_workspace || !m_connected) {
        showMessage(tr("Connect to a billing database first."), false);
        return nullptr;
    }
    if (m_profile.backups.isEmpty()) {
        showMessage(tr("This connection names no backup to compare with: add one under Backups in "
                       "File → Connect… (a postgresql:// URI or a pg_dump archive)."),
                    true);
        return nullptr;
    }
    auto *dialog = new BackupDiffDialog(m_profile.backups, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The status bar says the comparison runs, as it does for a scan.
    connect(dialog, &BackupDiffDialog::runningChanged, this, &MainWindow::updateActivity);
    connect(dialog, &QObject::destroyed, this, &MainWindow::updateActivity, Qt::QueuedConnection);
    dialog->setRestoreAllowed(restoreRefusal().isEmpty(), restoreRefusal());
    connect(
        dialog, &BackupDiffDialog::restoreRequested, this,
        [this](const QString &backupName, const QMap<QString, QMap<QString, qint64>> &tableCounts) {
            RestoreStart start;
            start.backupName = backupName;
            start.tableCounts = tableCounts;
            openRestoreWizard(start);
        });
    workspace::BackupComparisonRunner *runner = m_workspace->createBackupComparison(dialog);
    connect(dialog, &BackupDiffDialog::compareRequested, runner,
            &workspace::BackupComparisonRunner::start);
    connect(dialog, &BackupDiffDialog::cancelRequested, runner,
            &workspace::BackupComparisonRunner::cancel);
    connect(runner, &workspace::BackupComparisonRunner::notice, this,
            [this](const QString &text) { showMessage(text, false); });
    connect(runner, &workspace::BackupComparisonRunner::progress, dialog,
            &BackupDiffDialog::showProgress);
    connect(runner, &workspace::BackupComparisonRunner::progress, m_activity,
            &ActivityBar::setProgress);
    connect(m_activity, &ActivityBar::cancelRequested, runner,
            &workspace::BackupComparisonRunner::cancel);
    connect(runner, &workspace::BackupComparisonRunner::finished, dialog,
            [this, dialog](const diff::BackupDiffSummary &summary) {
                for (const Finding &finding : summary.findings)
                    m_findings->addFinding(finding);
                dialog->showSummary(summary);
                emit backupDiffFinished(summary.findings.size());
            });
    connect(runner, &workspace::BackupComparisonRunner::failed, dialog,
            &BackupDiffDialog::showFailure);
    connect(
        runner, &workspace::BackupComparisonRunner::cancelled, dialog, [dialog](bool beforeStart) {
            dialog->showFailure(beforeStart ? tr("The comparison was cancelled before it started.")
                                            : tr("The comparison was cancelled on both servers; "
                                                 "nothing was added to the findings panel."));
        });
    dialog->show();
    return dialog;
}

void MainWindow::startScan()
{
    if (!m_workspace)
        return;
    m_findings->clear();
    m_overview->scanStarted();
    m_incidents->scanStarted();
    m_workspace->scanRunner()->start();
}

void MainWindow::cancelAll()
{
    if (m_workspace)
        m_workspace->cancelAll();
}

void MainWindow::runReadOnlyQuery(const QString &sql)
{
    m_detail->showQuery(tr("Read-only query"), sql);
}

void MainWindow::updateActivity()
{
    bool comparing = false;
    for (const BackupDiffDialog *dialog : findChildren<BackupDiffDialog *>())
        comparing = comparing || dialog->isRunning();
    const bool working = m_workspace && m_workspace->isBusy();
    // A comparison outlasts the queries around it: it is what the bar names.
    m_activity->setBusy(working || comparing,
                        comparing ? tr("Comparing the database with a backup…") : m_activityText);
}

QString MainWindow::lastMessage() const
{
    return m_message->text();
}

void MainWindow::showMessage(const QString &text, bool isError)
{
    m_message->setText(text);
    m_message->setStyleSheet(
        isError ? QStringLiteral("background: #fdecea; color: #8e0000; padding: 6px;")
                : QStringLiteral("background: #fff8e1; color: #5d4000; padding: 6px;"));
    m_message->setVisible(true);
}

void MainWindow::exportRows(const QString &sql, const QString &suggestedName)
{
    if (!m_workspace || sql.isEmpty())
        return;
    const QString path = askExportPath(suggestedName);
    if (path.isEmpty())
        return;
    m_workspace->exportRows(sql, path);
}

// Each person's start, the Sign in as… and Help menus. -------------------

void MainWindow::buildPersonMenus()
{
    m_signInMenu = new QMenu(tr("Sign &in as…"), this);
    m_signInMenu->setObjectName(QStringLiteral("signInMenu"));
    m_fileMenu->insertMenu(m_fileMenu->actions().value(1), m_signInMenu);
    // Rebuilt each time it opens: the demo's people only on a demo database.
    connect(m_signInMenu, &QMenu::aboutToShow, this, [this] {
        m_signInMenu->clear();
        const bool demo = m_profile.environment().kind == EnvironmentKind::Demo;
        for (const QString &login : demoLogins()) {
            QAction *action = m_signInMenu->addAction(
                tr("%1 (%2, demo)").arg(login, personOfRole(demoLoginRole(login))), this,
                [this, login] { signInAs(login, login); });
            action->setObjectName(QStringLiteral("signInAs_") + login);
            action->setEnabled(demo && m_workspace);
            if (!demo)
                action->setToolTip(tr("The demo's people exist on the demo database only."));
        }
        m_signInMenu->addSeparator();
        QAction *other = m_signInMenu->addAction(tr("Another database user…"), this, [this] {
            bool ok = false;
            const QString login =
                QInputDialog::getText(this, tr("Sign in as"), tr("Database user:"),
                                      QLineEdit::Normal, QString(), &ok)
                    .trimmed();
            if (!ok || login.isEmpty())
                return;
            const QString password =
                askPassword(tr("Password for %1 on %2:").arg(login, m_profile.name), &ok);
            if (ok)
                signInAs(login, password);
        });
        other->setEnabled(m_workspace != nullptr);
    });
    // The menu is filled once now too, so its entries exist before it opens.
    QMetaObject::invokeMethod(m_signInMenu, &QMenu::aboutToShow);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    help->addAction(tr("What is the &PayOps Incident Console?"), this,
                    [this] { showHelp(HelpTopic::About); });
    help->addAction(tr("The &guides…"), this, [this] { showHelp(HelpTopic::Guides); });
    help->addAction(tr("How to sign in as &someone else"), this,
                    [this] { showHelp(HelpTopic::SignIn); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    QMenu *zones = view->addMenu(tr("&Times in"));
    const QByteArray current =
        m_settings.value(QLatin1String(items::kTimeZoneSetting)).toByteArray();
    for (const auto &[label, id] : {std::pair{tr("this computer's time zone"), QByteArray()},
                                    std::pair{tr("UTC"), QByteArray("UTC")}}) {
        QAction *zone = zones->addAction(label, this, [this, id = id] {
            m_settings.setValue(QLatin1String(items::kTimeZoneSetting), QString::fromLatin1(id));
            items::loadDisplayZone(m_settings);
            // Tables show the new zone at once.
            for (QTableView *table : findChildren<QTableView *>())
                table->viewport()->update();
        });
        zone->setCheckable(true);
        zone->setChecked(current == id);
    }
}

void MainWindow::showPersonStart(const QString &role)
{
    m_banner->showPerson(
        m_profile.rawUri.isEmpty() ? m_profile.user : QUrl(m_profile.rawUri).userName(), role);
    // Everyone starts on the left tabs: those get the room. Support's is
    // Customers when a case has a roster, else Cases (OutreachPanel's
    // startScreenChosen picks it).
    const int total = std::max(1200, m_splitter->width());
    m_splitter->setSizes({total * 11 / 20, total * 9 / 20});
    m_detailFollowsFindings = role != u"approver" && role != u"support";
    if (!m_detailFollowsFindings)
        m_detail->clear(role == u"approver"
                            ? tr("Review a batch from the queue on the left. The findings the "
                                 "batches repair are on the Findings tab; pick one to see it here.")
                            : tr("Pick a finding on the Findings tab to see its rows and "
                                 "customers here."));
    if (role == u"approver")
        m_leftTabs->setCurrentWidget(m_approvals);
    else if (role != u"support")
        m_leftTabs->setCurrentWidget(m_overview);
    emit personStartShown(role);
}

void MainWindow::signInAs(const QString &login, const QString &password)
{
    ConnectionProfile profile = m_profile;
    if (!profile.rawUri.isEmpty()) {
        // A postgresql:// URI: its user replaced, its password dropped (the
        // new person's goes through the connection, never into the URI).
        QUrl url(profile.rawUri);
        if (url.isValid() && url.scheme().startsWith(QStringLiteral("postgres"))) {
            url.setUserName(login);
            url.setPassword(QString());
            profile.rawUri = url.toString(QUrl::FullyEncoded);
        } else {
            static const QRegularExpression userOrPassword(
                QStringLiteral(R"((^|\s)(user|password)\s*=\s*('([^'\\]|\\.)*'|\S+))"));
            profile.rawUri.remove(userOrPassword);
            profile.rawUri += QStringLiteral(" user=") + ConnectionProfile::quoteConnValue(login);
        }
    }
    profile.user = login;
    showMessage(tr("Signing in as %1…").arg(login), false);
    connectTo(profile, password);
}

QMessageBox *MainWindow::showHelp(HelpTopic topic)
{
    auto *box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("helpBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Information);
    box->setTextFormat(Qt::RichText);
    box->setStandardButtons(QMessageBox::Close);
    box->setWindowModality(Qt::NonModal);
    switch (topic) {
    case HelpTopic::About:
        box->setWindowTitle(tr("About the PayOps Incident Console"));
        box->setText(tr(
            "<p><b>PayOps Incident Console</b> finds payment-operations incidents in a billing "
            "database (money moved twice, records lost, refunds from the wrong environment, "
            "silent services) and repairs them through batches a second person approves.</p>"
            "<p>Three people use it: the <b>on-call engineer</b> (payops operator) starts on the "
            "Overview of what the scan found and opens cases; <b>support</b> starts on "
            "Customers, the people to contact; <b>finance</b> (payops approver) starts on "
            "Approvals, the batches and the money waiting for a decision.</p>"
            "<p>It reads only, unless a batch is approved; the coloured strip on top says which "
            "database and environment you are in, and who you are signed in as.</p>"));
        break;
    case HelpTopic::Guides:
        box->setWindowTitle(tr("The guides"));
        box->setText(
            tr("<p>The guides are in the <tt>docs</tt> folder of the console's sources:</p><ul>"
               "<li><b>README.md</b>: install, the demo, the first scan</li>"
               "<li><b>DEMO.md</b>: the demo database, its incidents and its people</li>"
               "<li><b>DETECTORS.md</b>: what each finding means</li>"
               "<li><b>CASES.md</b>: cases, their timeline and dossier</li>"
               "<li><b>RESTORE.md</b> and <b>MONEY.md</b>: repairs from a backup, refunds, "
               "reversals and claw-backs</li>"
               "<li><b>OUTREACH.md</b>: support's roster and messages</li>"
               "<li><b>SECURITY.md</b>: the roles and what each may do</li>"
               "<li><b>PROFILES.md</b>: mapping another billing schema</li></ul>"));
        break;
    case HelpTopic::SignIn:
        box->setWindowTitle(tr("Signing in as someone else"));
        box->setText(
            tr("<p>Each person signs in as their own database user; what the console lets them do "
               "is what their payops role allows (docs/SECURITY.md).</p>"
               "<p><b>File → Sign in as…</b> closes this connection and opens the same database as "
               "another user. On the demo its three people are listed (their password is their "
               "name): <b>oncall</b>, the on-call engineer; <b>support</b>; <b>finance</b>, who "
               "approves. For another database, choose <i>Another database user…</i> and type "
               "the name and password, or save a connection per person in File → Connect….</p>"
               "<p>You are signed in as <b>%1</b>.</p>")
                .arg(m_workspace ? m_banner->personText() : tr("nobody (not connected)")));
        break;
    }
    box->show();
    return box;
}

} // namespace payops
