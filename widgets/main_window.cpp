#include "main_window.h"

#include "activity_bar.h"
#include "approvals_panel.h"
#include "backup_diff_dialog.h"
#include "batch_review_dialog.h"
#include "cases_panel.h"
#include "connection_dialog.h"
#include "environment_banner.h"
#include "finding_detail_view.h"
#include "findings_panel.h"
#include "sql_dialog.h"
#include "user_history_dialog.h"

#include "core/profile_store.h"
#include "core/user_error.h"
#include "db/db_worker.h"
#include "db/session.h"
#include "workspace/scan_runner.h"
#include "diff/backup_check.h"
#include "diff/backup_diff_job.h"
#include "diff/user_matches.h"
#include "items/csv_export.h"
#include "items/query_table_model.h"
#include "ops/audit_verifier.h"
#include "ops/cases.h"
#include "ops/migrator.h"
#include "pgtools/sandbox_server.h"
#include "secrets/secret_store.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

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
    resize(1360, 820);

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
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({560, 880});

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
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

    connect(m_findings, &FindingsPanel::findingSelected, m_detail, &FindingDetailView::showFinding);
    connect(m_detail, &FindingDetailView::showSqlRequested, this,
            [this](const QString &title, const QString &sql) {
                auto *dialog = new SqlDialog(title, sql, false, this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->show();
            });
    connect(m_detail, &FindingDetailView::exportRequested, this, &MainWindow::exportRows);
    connect(m_approvals, &ApprovalsPanel::reviewRequested, this, &MainWindow::reviewBatch);
    connect(m_detail, &FindingDetailView::openCaseRequested, this, &MainWindow::openCase);
    connect(m_cases, &CasesPanel::noteRequested, this, [this](qint64 caseId, const QString &text) {
        runCaseWork(
            tr("add a note"),
            [caseId, text](db::Session &session) {
                ops::addCaseNote(session, caseId, text);
                return QVariant(caseId);
            },
            [this](const QVariant &caseId) {
                m_cases->refresh(caseId.toLongLong());
                verifyAuditChain();
            });
    });
    connect(m_activity, &ActivityBar::cancelRequested, this, &MainWindow::cancelAll);
    buildMenus();
}

MainWindow::~MainWindow()
{
    disconnectWorkers();
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

void MainWindow::withBackupPassword(const BackupSource &backup, const QString &profileName,
                                    QObject *context, std::function<void(const QString &)> use)
{
    if (backup.isArchive()) {
        use(QString());
        return;
    }
    // Asynchronous, as for the profile's own password: the keychain may be
    // showing an unlock dialog.
    m_secrets.readPassword(backup.secretKey(profileName), context,
                           [this, use = std::move(use)](const secrets::SecretResult &result) {
                               // No entry is normal (a backup typed without a
                               // password); no keychain is said, not fatal.
                               if (!result.ok && !result.notFound && !result.error.isEmpty())
                                   showMessage(result.error, false);
                               use(result.ok ? result.password : QString());
                           });
}

void MainWindow::disconnectWorkers()
{
    m_connected = false;
    delete m_scanRunner;
    m_scanRunner = nullptr;
    m_detail->setRowsModel(nullptr);
    delete m_rowsModel;
    m_rowsModel = nullptr;
    m_approvals->setQueueModel(nullptr);
    delete m_approvalsModel;
    m_approvalsModel = nullptr;
    m_cases->setModels(nullptr, nullptr);
    delete m_casesModel;
    m_casesModel = nullptr;
    delete m_timelineModel;
    m_timelineModel = nullptr;
    delete m_caseWorker;
    m_caseWorker = nullptr;
    for (BackupDiffDialog *dialog : findChildren<BackupDiffDialog *>())
        delete dialog; // they ask this connection's diff worker
    delete m_diffWorker;
    m_diffWorker = nullptr;
    // Open reviews use this connection's worker: they go with it.
    for (BatchReviewDialog *dialog : findChildren<BatchReviewDialog *>())
        delete dialog;
    // Worker destructors cancel what runs and wait a bounded time.
    delete m_scanWorker;
    m_scanWorker = nullptr;
    delete m_browseWorker;
    m_browseWorker = nullptr;
    updateActivity();
}

void MainWindow::connectTo(const ConnectionProfile &profile, const QString &password)
{
    disconnectWorkers();
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
    m_banner->showConnecting(profile);

    const db::SessionOptions options;
    const QString program = QStringLiteral("payops-console");
    m_scanWorker = new db::DbWorker(profile, password, options, program, this);
    m_browseWorker = new db::DbWorker(profile, password, options, program, this);
    for (db::DbWorker *worker : {m_scanWorker, m_browseWorker}) {
        connect(worker, &db::DbWorker::busyChanged, this, &MainWindow::updateActivity);
        connect(worker, &db::DbWorker::jobStarted, this, [this](quint64, const QString &label) {
            m_activityText = tr("Running: %1…").arg(label);
            updateActivity();
        });
        connect(worker, &db::DbWorker::jobProgress, m_activity,
                [this](quint64, int percent, const QString &text) {
                    m_activity->setProgress(percent, text);
                });
    }
    m_scanRunner = new workspace::ScanRunner(m_scanWorker, m_schemaProfile, this);
    connect(m_scanRunner, &workspace::ScanRunner::findingReady, m_findings,
            &FindingsPanel::addFinding);
    connect(m_scanRunner, &workspace::ScanRunner::detectorFailed, this,
            [this](const QString &detector, const QString &message, bool cancelled) {
                if (cancelled) {
                    m_findings->detectorCancelled(detector);
                    showMessage(tr("The %1 scan was cancelled.").arg(detector), false);
                } else
                    m_findings->detectorFailed(detector, message);
            });
    connect(m_scanRunner, &workspace::ScanRunner::started, m_findings,
            &FindingsPanel::detectorsStarted);
    connect(m_scanRunner, &workspace::ScanRunner::detectorStarted, m_findings,
            &FindingsPanel::detectorStarted);
    connect(m_scanRunner, &workspace::ScanRunner::detectorFinished, m_findings,
            &FindingsPanel::detectorFinished);
    connect(m_scanRunner, &workspace::ScanRunner::finished, this, &MainWindow::scanFinished);
    m_rowsModel = new QueryTableModel(m_browseWorker, this);
    m_detail->setRowsModel(m_rowsModel);
    m_approvalsModel = new QueryTableModel(m_browseWorker, this);
    m_approvals->setQueueModel(m_approvalsModel);
    m_casesModel = new QueryTableModel(m_browseWorker, this);
    m_timelineModel = new QueryTableModel(m_browseWorker, this);
    m_cases->setModels(m_casesModel, m_timelineModel);
    db::SessionOptions caseOptions;
    caseOptions.readOnly = false;
    caseOptions.purpose = QStringLiteral("case work");
    m_caseWorker = new db::DbWorker(profile, password, caseOptions, program, this);
    m_caseWorker->open();
    m_diffWorker = new db::DbWorker(profile, password, options, program, this);
    m_diffWorker->open();

    connect(m_scanWorker, &db::DbWorker::opened, this, [this](const ServerIdentity &identity) {
        m_connected = true;
        m_banner->showConnected(m_profile, identity);
        if (const QString mismatch = identity.mismatch(m_profile.environmentLabel);
            !mismatch.isEmpty())
            showMessage(mismatch, true);
        emit connected(identity);
        checkPayopsSchema();
        startScan();
        m_approvals->refresh();
        m_cases->refresh();
        verifyAuditChain();
    });
    connect(m_scanWorker, &db::DbWorker::openFailed, this, [this](const QString &message) {
        m_banner->showDisconnected();
        showMessage(message, true);
        emit connectionFailed(message);
    });
    connect(m_browseWorker, &db::DbWorker::openFailed, this, [this](const QString &message) {
        if (m_connected)
            showMessage(tr("The second connection, for browsing rows, failed: %1").arg(message),
                        true);
    });
    m_activityText = tr("Connecting…");
    m_scanWorker->open();
    m_browseWorker->open();
}

BatchReviewDialog *MainWindow::reviewBatch(qint64 batchId)
{
    if (!m_browseWorker)
        return nullptr;
    auto *dialog = new BatchReviewDialog(batchId, m_browseWorker, m_profile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->askPassword = askPassword;
    connect(dialog, &BatchReviewDialog::decided, m_approvals, &ApprovalsPanel::refresh);
    dialog->show();
    return dialog;
}

void MainWindow::runCaseWork(const QString &label, std::function<QVariant(db::Session &)> work,
                             std::function<void(const QVariant &)> done)
{
    if (!m_caseWorker)
        return;
    m_caseWorker->call(
        this, label,
        [work](db::Session &session, const db::JobProgress &) { return work(session); }, done,
        [this, label](const QString &message, bool) {
            showMessage(tr("Could not %1: %2").arg(label, message), true);
        });
}

void MainWindow::openCase(const Finding &finding)
{
    runCaseWork(
        tr("open a case"),
        [finding](db::Session &session) {
            return QVariant(ops::openCaseFromFinding(session, finding));
        },
        [this](const QVariant &caseId) {
            m_leftTabs->setCurrentWidget(m_cases);
            m_cases->refresh(caseId.toLongLong());
            verifyAuditChain();
            emit caseOpened(caseId.toLongLong());
        });
}

void MainWindow::verifyAuditChain()
{
    if (!m_browseWorker)
        return;
    m_browseWorker->call(
        this, tr("audit chain check"),
        [](db::Session &session, const db::JobProgress &) {
            if (ops::Migrator::installedVersion(session) == 0)
                return QVariant();
            // Checked against the heads this machine has seen, which it
            // then records: the owner cannot cut or rewrite it unnoticed.
            const ops::AuditVerdict verdict = ops::verifyAuditChainAndHeads(session);
            return QVariant(QStringList{verdict.intact ? QStringLiteral("1") : QStringLiteral("0"),
                                        verdict.message()});
        },
        [this](const QVariant &result) {
            const QStringList verdict = result.toStringList();
            if (verdict.size() == 2) {
                m_cases->setChainStatus(verdict[1], verdict[0] == u"1");
                emit auditChainChecked(verdict[0] == u"1");
            }
        });
}

void MainWindow::checkPayopsSchema()
{
    // Investigation works without the payops schema; cases and batches do
    // not. Say exactly what to run when it is missing or behind.
    m_scanWorker->call(
        this, tr("payops schema check"),
        [](db::Session &session, const db::JobProgress &) {
            return QVariant(ops::Migrator::versionProblem(session));
        },
        [this](const QVariant &problem) {
            if (!problem.toString().isEmpty())
                showMessage(problem.toString(), false);
        });
}

UserHistoryDialog *MainWindow::openUserHistory()
{
    if (!m_browseWorker || !m_connected) {
        showMessage(tr("Connect to a billing database first."), false);
        return nullptr;
    }
    // The first backup that is a database: an archive would have to be
    // restored first (Tools → Compare with a backup does that).
    const auto database = std::find_if(m_profile.backups.cbegin(), m_profile.backups.cend(),
                                       [](const BackupSource &b) { return !b.isArchive(); });
    if (database == m_profile.backups.cend()) {
        showMessage(tr("This connection names no backup database to compare with: add one under "
                       "Backups in File → Connect… (a postgresql:// URI of a restored copy)."),
                    true);
        return nullptr;
    }
    const BackupSource chosen = *database;
    auto *dialog = new UserHistoryDialog(this);
    dialog->setBackupName(chosen.name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const schema::SchemaProfile schema = m_schemaProfile;
    const QString profileName = m_profile.name;
    // A search finds the accounts the text matches and compares the first
    // (exact key matches come first; a deleted account is found in the
    // backup); a pick compares the one account chosen among them. Both run
    // on the browse worker, and the backup's session lives only for one
    // request, on the worker's thread like the live one, with the backup's
    // password read from the secret store for that request.
    auto compareWith = [this, dialog, chosen, schema](const QString &text, bool search,
                                                      const QString &password) {
        if (!m_browseWorker)
            return; // disconnected while the secret store answered
        m_browseWorker->call(
            dialog, tr("compare user %1 with the backup").arg(text),
            [chosen, password, schema, text, search](db::Session &live, const db::JobProgress &) {
                db::Session backup(ConnectionProfile::fromUri(chosen.location), password,
                                   db::SessionOptions(), QStringLiteral("payops-console"));
                // The same checks as a whole diff: a copy of another database
                // or a newer one is refused; its time tells new rows apart.
                const diff::BackupTime time = diff::checkBackupOfLive(
                    live, backup, schema, {chosen.takenAt, diff::BackupTime::Source::Entered});
                QStringList users{text};
                QVector<diff::UserMatch> matches;
                if (search) {
                    users = diff::findUsers(live, backup, schema, text);
                    if (users.isEmpty())
                        throw diff::noAccountMatches(text);
                    matches = diff::describeUsers(live, backup, schema, users);
                }
                const auto tables = diff::userTablesFromProfile(live, schema);
                const auto records = diff::diffUser(live, backup, schema.schema, tables,
                                                    users.first(), time.takenAt);
                return QVariant(QVariantList{users.first(), QVariant::fromValue(records),
                                             QVariant::fromValue(matches)});
            },
            [dialog, search](const QVariant &result) {
                const QVariantList parts = result.toList();
                const QString user = parts.value(0).toString();
                if (search) // a pick keeps the search's list
                    dialog->showMatches(parts.value(2).value<QVector<diff::UserMatch>>(), user);
                dialog->showRecords(user, parts.value(1).value<QVector<diff::UserRecord>>());
            },
            [dialog](const QString &message, bool) { dialog->showFailure(message); });
    };
    auto compare = [this, dialog, chosen, profileName, compareWith](const QString &text,
                                                                    bool search) {
        withBackupPassword(chosen, profileName, dialog,
                           [compareWith, text, search](const QString &password) {
                               compareWith(text, search, password);
                           });
    };
    connect(dialog, &UserHistoryDialog::compareRequested, this,
            [compare](const QString &text) { compare(text, true); });
    connect(dialog, &UserHistoryDialog::userPicked, this,
            [compare](const QString &key) { compare(key, false); });
    dialog->show();
    return dialog;
}

BackupDiffDialog *MainWindow::openBackupDiff()
{
    if (!m_diffWorker || !m_connected) {
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
    const schema::SchemaProfile schema = m_schemaProfile;
    // Archives are restored where the configuration says: the console's own
    // sandbox cluster unless sandbox/server names another server.
    const pgtools::SandboxServer sandbox = pgtools::SandboxServer::fromSettings(m_settings);
    // Set by Cancel, read by the diff between chunks; the worker's own
    // cancel stops the statement running on live at once.
    auto cancel = std::make_shared<std::atomic_bool>(false);
    connect(dialog, &BackupDiffDialog::cancelRequested, this, [this, cancel] {
        *cancel = true;
        if (m_diffWorker)
            m_diffWorker->cancelAll();
    });
    // One comparison, once the backup's password is known.
    const auto compare = std::function<void(const BackupSource &, const QString &)>(
        [this, dialog, schema, sandbox, cancel](const BackupSource &backup,
                                                const QString &password) {
            if (!m_diffWorker)
                return; // disconnected while the secret store answered
            if (*cancel) {
                dialog->showFailure(tr("The comparison was cancelled before it started."));
                return;
            }
            const quint64 job = m_diffWorker->submit(
                tr("compare the database with %1").arg(backup.name),
                [backup, password, schema, sandbox, cancel](db::Session &live,
                                                            const db::JobProgress &progress) {
                    return QVariant::fromValue(diff::runBackupDiff(
                        live, backup, schema, sandbox,
                        [&](int percent, const QString &text) { progress.report(percent, text); },
                        cancel.get(), password));
                });
            auto forThisJob = [job](quint64 id) {
                return id == job;
            };
            connect(m_diffWorker, &db::DbWorker::jobProgress, dialog,
                    [dialog, forThisJob](quint64 id, int percent, const QString &text) {
                        if (forThisJob(id))
                            dialog->showProgress(percent, text);
                    });
            connect(m_diffWorker, &db::DbWorker::jobFinished, dialog,
                    [this, dialog, forThisJob](quint64 id, const QVariant &result) {
                        if (!forThisJob(id))
                            return;
                        const auto summary = result.value<diff::BackupDiffSummary>();
                        for (const Finding &finding : summary.findings)
                            m_findings->addFinding(finding);
                        dialog->showSummary(summary);
                        emit backupDiffFinished(summary.findings.size());
                    });
            connect(m_diffWorker, &db::DbWorker::jobFailed, dialog,
                    [dialog, forThisJob](quint64 id, const QString &message, bool cancelled) {
                        if (!forThisJob(id))
                            return;
                        dialog->showFailure(
                            cancelled ? tr("The comparison was cancelled on both servers; "
                                           "nothing was added to the findings panel.")
                                      : message);
                    });
        });
    const QString profileName = m_profile.name;
    connect(dialog, &BackupDiffDialog::compareRequested, this,
            [this, dialog, cancel, compare, profileName](const BackupSource &backup) {
                *cancel = false;
                withBackupPassword(
                    backup, profileName, dialog,
                    [compare, backup](const QString &password) { compare(backup, password); });
            });
    dialog->show();
    return dialog;
}

void MainWindow::startScan()
{
    if (!m_scanRunner)
        return;
    m_findings->clear();
    m_scanRunner->start();
}

void MainWindow::cancelAll()
{
    for (db::DbWorker *worker : {m_scanWorker, m_browseWorker})
        if (worker)
            worker->cancelAll();
}

void MainWindow::runReadOnlyQuery(const QString &sql)
{
    m_detail->showQuery(tr("Read-only query"), sql);
}

void MainWindow::updateActivity()
{
    const bool busy =
        (m_scanWorker && m_scanWorker->isBusy()) || (m_browseWorker && m_browseWorker->isBusy());
    m_activity->setBusy(busy, m_activityText);
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

void MainWindow::exportRows(const QString &sql)
{
    if (!m_browseWorker || sql.isEmpty())
        return;
    const QString path = askExportPath(QStringLiteral("payops-rows.csv"));
    if (path.isEmpty())
        return;
    m_browseWorker->call(
        this, tr("CSV export"),
        [sql, path](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(exportQueryToCsv(session, sql, path));
        },
        [this, path](const QVariant &rows) {
            showMessage(tr("Exported %1 rows to %2.").arg(formatCount(rows.toLongLong()), path),
                        false);
            emit exportFinished(path, rows.toLongLong());
        },
        [this](const QString &message, bool) {
            showMessage(tr("Export failed: %1").arg(message), true);
        });
}

} // namespace payops
