#include "workspace/workspace.h"

#include "db/db_worker.h"
#include "items/query_table_model.h"
#include "pgtools/sandbox_server.h"
#include "workspace/backup_comparison_runner.h"
#include "workspace/batch_decision_runner.h"
#include "workspace/batch_execution_runner.h"
#include "workspace/case_checks_runner.h"
#include "workspace/case_lifecycle_runner.h"
#include "workspace/console_jobs.h"
#include "workspace/money_execution_runner.h"
#include "workspace/money_plan_runner.h"
#include "workspace/outreach_runner.h"
#include "workspace/restore_jobs.h"
#include "workspace/restore_plan_runner.h"
#include "workspace/scan_runner.h"
#include "workspace/user_comparison_runner.h"

#include <QSettings>

namespace payops::workspace {

namespace {

const QString kProgram = QStringLiteral("payops-console");

db::SessionOptions caseWorkOptions()
{
    db::SessionOptions options;
    options.readOnly = false;
    options.purpose = QStringLiteral("case work");
    return options;
}

} // namespace

Workspace::Workspace(const ConnectionProfile &profile, const QString &password,
                     const schema::SchemaProfile &schema, secrets::SecretStore &secrets,
                     const QSettings &settings, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_password(password)
    , m_schema(schema)
    , m_secrets(secrets)
    , m_settings(settings)
    , m_scanWorker(new db::DbWorker(profile, password, db::SessionOptions(), kProgram, this))
    , m_rowsWorker(new db::DbWorker(profile, password, db::SessionOptions(), kProgram, this))
    , m_browseWorker(new db::DbWorker(profile, password,
                                      db::SessionOptions::primaryReader(QStringLiteral("records")),
                                      kProgram, this))
    , m_caseWorker(new db::DbWorker(profile, password, caseWorkOptions(), kProgram, this))
    , m_comparisonWorker(new db::DbWorker(profile, password, db::SessionOptions(), kProgram, this))
    , m_scanRunner(new ScanRunner(m_scanWorker, schema, this))
{
    // The activity bar follows scans and browsing; case work and the
    // comparison (which has its own dialog) run without it.
    for (db::DbWorker *worker : {m_scanWorker, m_rowsWorker, m_browseWorker}) {
        connect(worker, &db::DbWorker::busyChanged, this, [this] { emit busyChanged(isBusy()); });
        connect(worker, &db::DbWorker::jobStarted, this,
                [this](quint64, const QString &label) { emit jobStarted(label); });
        connect(
            worker, &db::DbWorker::jobProgress, this,
            [this](quint64, int percent, const QString &text) { emit jobProgress(percent, text); });
    }
    connect(m_scanWorker, &db::DbWorker::opened, this, &Workspace::opened);
    connect(m_scanWorker, &db::DbWorker::openFailed, this, &Workspace::openFailed);
    connect(m_browseWorker, &db::DbWorker::openFailed, this, &Workspace::browseOpenFailed);
    m_scanRunner->setConnection(profile, password);
    connect(m_scanRunner, &ScanRunner::routeKnown, this, [this](const db::ServerRoute &route) {
        m_route = route;
        emit routeKnown(route);
    });
    // A standby's lag changes by the second: the banner follows it.
    m_routeTimer.setInterval(30000);
    connect(&m_routeTimer, &QTimer::timeout, this, &Workspace::readRoute);
    connect(m_scanWorker, &db::DbWorker::opened, this, [this] {
        readRoute();
        m_routeTimer.start();
    });
}

void Workspace::readRoute()
{
    const ConnectionProfile profile = m_profile;
    const QString password = m_password;
    m_rowsWorker->call(
        this, tr("where the data is read"),
        [profile, password](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(db::inspectRoute(session, profile, password));
        },
        [this](const QVariant &route) {
            m_route = route.value<db::ServerRoute>();
            emit routeKnown(m_route);
        },
        [](const QString &, bool) {});
}

Workspace::~Workspace()
{
    // What asks a worker goes before it; worker destructors cancel what
    // runs and wait a bounded time.
    delete m_scanRunner;
    qDeleteAll(findChildren<QueryTableModel *>(Qt::FindDirectChildrenOnly));
    delete m_caseWorker;
    delete m_comparisonWorker;
    delete m_scanWorker;
    delete m_rowsWorker;
    delete m_browseWorker;
}

void Workspace::open()
{
    m_caseWorker->open();
    m_comparisonWorker->open();
    m_scanWorker->open();
    m_rowsWorker->open();
    m_browseWorker->open();
}

bool Workspace::isBusy() const
{
    return m_scanWorker->isBusy() || m_rowsWorker->isBusy() || m_browseWorker->isBusy();
}

void Workspace::cancelAll()
{
    m_scanWorker->cancelAll();
    m_rowsWorker->cancelAll();
    m_browseWorker->cancelAll();
}

QueryTableModel *Workspace::createTableModel(QObject *parent)
{
    return new QueryTableModel(m_browseWorker, parent ? parent : this);
}

QueryTableModel *Workspace::createFindingRowsModel(QObject *parent)
{
    return new QueryTableModel(m_rowsWorker, parent ? parent : this);
}

std::optional<BackupSource> Workspace::firstBackupDatabase() const
{
    for (const BackupSource &backup : m_profile.backups)
        if (!backup.isArchive())
            return backup;
    return std::nullopt;
}

UserComparisonRunner *Workspace::createUserComparison(const BackupSource &backup, QObject *parent)
{
    return new UserComparisonRunner(m_rowsWorker, backup, m_schema, m_secrets, m_profile.name,
                                    parent);
}

BackupComparisonRunner *Workspace::createBackupComparison(QObject *parent)
{
    // Archives are restored where the configuration says: the console's own
    // sandbox cluster unless sandbox/server names another server.
    return new BackupComparisonRunner(m_comparisonWorker, m_schema,
                                      pgtools::SandboxServer::fromSettings(m_settings), m_secrets,
                                      m_profile.name, parent);
}

BatchDecisionRunner *Workspace::createBatchDecision(qint64 batchId, QObject *parent)
{
    return new BatchDecisionRunner(m_browseWorker, m_profile, m_schema, batchId, parent);
}

CaseLifecycleRunner *Workspace::createCaseLifecycle(QObject *parent)
{
    return new CaseLifecycleRunner(m_caseWorker, parent);
}

CaseChecksRunner *Workspace::createCaseChecks(QObject *parent)
{
    return new CaseChecksRunner(m_caseWorker, parent);
}

RestorePlanRunner *Workspace::createRestorePlan(QObject *parent)
{
    return new RestorePlanRunner({m_comparisonWorker, m_caseWorker, m_browseWorker}, m_profile,
                                 m_schema, pgtools::SandboxServer::fromSettings(m_settings),
                                 m_secrets, parent);
}

MoneyPlanRunner *Workspace::createMoneyPlan(QObject *parent)
{
    return new MoneyPlanRunner({m_comparisonWorker, m_caseWorker, m_browseWorker}, m_profile,
                               m_schema, parent);
}

BatchExecutionRunner *Workspace::createBatchExecution(qint64 batchId, QObject *parent)
{
    return new BatchExecutionRunner(m_profile, m_password, batchId, parent);
}

MoneyExecutionRunner *Workspace::createMoneyExecution(qint64 batchId, QObject *parent)
{
    MoneyExecutionRunner::Tuning tuning;
    tuning.concurrency = m_settings.value(QStringLiteral("money/concurrency"), 8).toInt();
    tuning.timeoutMs = m_settings.value(QStringLiteral("money/timeout_ms"), 10000).toInt();
    return new MoneyExecutionRunner({m_browseWorker, m_caseWorker}, m_profile, m_password,
                                    m_secrets, tuning, batchId, parent);
}

OutreachRunner *Workspace::createOutreachRunner(QObject *parent)
{
    return new OutreachRunner(m_browseWorker, m_caseWorker, m_schema,
                              pgtools::SandboxServer::fromSettings(m_settings), m_secrets,
                              m_profile.name, parent);
}

void Workspace::checkConsoleRole()
{
    m_browseWorker->call(this, tr("console role"), consoleRoleJob(),
                         [this](const QVariant &role) { emit consoleRoleKnown(role.toString()); });
}

void Workspace::checkPayopsSchema()
{
    // Investigation works without the payops schema; cases and batches do
    // not. Say exactly what to run when it is missing or behind.
    m_scanWorker->call(this, tr("payops schema check"), payopsSchemaCheckJob(),
                       [this](const QVariant &problem) {
                           if (!problem.toString().isEmpty())
                               emit payopsSchemaProblem(problem.toString());
                       });
}

void Workspace::verifyAuditChain()
{
    m_browseWorker->call(this, tr("audit chain check"), auditChainCheckJob(),
                         [this](const QVariant &result) {
                             const QStringList verdict = result.toStringList();
                             if (verdict.size() == 2)
                                 emit auditChainChecked(verdict[1], verdict[0] == u"1");
                         });
}

void Workspace::openCase(const Finding &finding)
{
    const QString action = tr("open a case");
    m_caseWorker->call(
        this, action, openCaseJob(finding),
        [this](const QVariant &caseId) { emit caseOpened(caseId.toLongLong()); },
        [this, action](const QString &message, bool) { emit caseWorkFailed(action, message); });
}

void Workspace::openIncidentCase(const detect::Incident &incident)
{
    const QString action = tr("open a case for the incident");
    m_caseWorker->call(
        this, action, openIncidentCaseJob(incident),
        [this](const QVariant &caseId) { emit caseOpened(caseId.toLongLong()); },
        [this, action](const QString &message, bool) { emit caseWorkFailed(action, message); });
}

void Workspace::loadCaseChoices(const Finding &finding)
{
    const QString key = finding.rowsSql;
    m_browseWorker->call(
        this, tr("cases for the finding"), caseChoicesJob(finding),
        [this, key](const QVariant &choices) {
            emit caseChoicesLoaded(key, choices.value<QVector<ops::CaseChoice>>());
        },
        [this](const QString &message, bool) { emit caseChoicesFailed(message); });
}

void Workspace::attachFinding(qint64 caseId, const Finding &finding)
{
    const QString action = tr("attach the finding to case %1").arg(caseId);
    m_caseWorker->call(
        this, action, attachFindingJob(caseId, finding),
        [this](const QVariant &id) { emit findingAttached(id.toLongLong()); },
        [this, action](const QString &message, bool) { emit caseWorkFailed(action, message); });
}

void Workspace::addCaseNote(qint64 caseId, const QString &text)
{
    const QString action = tr("add a note");
    m_caseWorker->call(
        this, action, addCaseNoteJob(caseId, text),
        [this](const QVariant &caseId) { emit caseNoteAdded(caseId.toLongLong()); },
        [this, action](const QString &message, bool) { emit caseWorkFailed(action, message); });
}

void Workspace::exportRows(const QString &sql, const QString &path)
{
    m_rowsWorker->call(
        this, tr("CSV export"), csvExportJob(sql, path),
        [this, path](const QVariant &rows) { emit rowsExported(path, rows.toLongLong()); },
        [this](const QString &message, bool) { emit exportFailed(message); });
}

} // namespace payops::workspace
