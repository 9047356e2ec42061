#pragma once

#include "core/backup_source.h"
#include "core/connection_profile.h"
#include "core/server_identity.h"
#include "db/server_route.h"
#include "detect/incidents.h"
#include "ops/cases.h"
#include "schema/schema_profile.h"

#include <QObject>
#include <QTimer>

#include <optional>

class QSettings;

namespace payops {
class QueryTableModel;
struct Finding;
namespace db {
class DbWorker;
}
namespace secrets {
class SecretStore;
}
} // namespace payops

namespace payops::workspace {

class BackupComparisonRunner;
class BatchDecisionRunner;
class BatchExecutionRunner;
class CaseChecksRunner;
class CaseLifecycleRunner;
class OutreachRunner;
class MoneyExecutionRunner;
class MoneyPlanRunner;
class RestorePlanRunner;
class ScanRunner;
class UserComparisonRunner;

// What a connected console holds: its connections, each a worker with its
// own thread, and what may be asked of them. Widgets ask the workspace and
// show its answers; they never hold a worker or open a connection.
//
//  - scan: the detectors (ScanRunner) and the payops schema check;
//  - rows: a finding's rows (createFindingRowsModel), their CSV exports
//    and the per-user comparison;
//  - browse: the records' lazy tables (createTableModel: cases, the
//    approvals queue, a batch's items), the audit chain check, batch
//    reviews, rosters;
//  - case work: writable, but the role's grants let it write only through
//    the payops functions;
//  - comparison: a whole-database comparison takes minutes, so it has its own.
// Scan, rows and comparison are investigation: on a connection that names
// a standby they read it (db::Server::Investigation). Browse and case work
// are the records': always the primary, where they are current and where
// their writes land. routeKnown() says which server is which, and how far
// the standby is behind, at open and every half minute.
// Scan, rows and browse are what the activity bar follows and Cancel stops.
// Approving or rejecting a batch opens one more, short-lived, connection
// (BatchDecisionRunner). Deleting the workspace cancels what runs and
// closes every connection, waiting a bounded time for each.
class Workspace : public QObject
{
    Q_OBJECT
public:
    // settings: where the sandbox server for archives is configured;
    // secrets: where the backups' passwords are. Both outlive the workspace.
    Workspace(const ConnectionProfile &profile, const QString &password,
              const schema::SchemaProfile &schema, secrets::SecretStore &secrets,
              const QSettings &settings, QObject *parent = nullptr);
    ~Workspace() override;

    // Connects every worker; opened() or openFailed() follows (the scan
    // connection's answer: it is the one whose identity the banner shows).
    void open();
    const ConnectionProfile &profile() const { return m_profile; }
    const schema::SchemaProfile &schemaProfile() const { return m_schema; }
    // Whether the scan or the browse connection has work queued or running.
    bool isBusy() const;
    // Cancels the running statement and the queued jobs of scan and browse.
    void cancelAll();

    ScanRunner *scanRunner() const { return m_scanRunner; }
    // A lazy table of the records (on the primary); owned by `parent`, or
    // by the workspace when none is given (it then goes with the connection).
    QueryTableModel *createTableModel(QObject *parent = nullptr);
    // A lazy table of a finding's rows (investigation: the standby if any).
    QueryTableModel *createFindingRowsModel(QObject *parent = nullptr);
    // The last route read (empty before the first).
    const db::ServerRoute &route() const { return m_route; }
    // The first backup that is a database (an archive would have to be
    // restored first), or none.
    std::optional<BackupSource> firstBackupDatabase() const;
    UserComparisonRunner *createUserComparison(const BackupSource &backup, QObject *parent);
    // Archives are restored where the settings say (sandbox/server), read now.
    BackupComparisonRunner *createBackupComparison(QObject *parent);
    BatchDecisionRunner *createBatchDecision(qint64 batchId, QObject *parent);
    // A restore's plan, draft, dry run, submission and verification (the
    // comparison, case-work and browsing workers).
    RestorePlanRunner *createRestorePlan(QObject *parent);
    // A money batch's plan (the comparison worker), where it would be
    // bound, its draft, dry run and submission (case work, browsing).
    MoneyPlanRunner *createMoneyPlan(QObject *parent);
    // One batch's execution, on a connection of its own opened when needed.
    BatchExecutionRunner *createBatchExecution(qint64 batchId, QObject *parent);
    // One money batch's run: its own connection for the executor, the
    // browsing one for what the run panel shows, case work for decisions
    // on items; the provider's key from the secret store. The settings'
    // money/concurrency and money/timeout_ms tune the requests.
    MoneyExecutionRunner *createMoneyExecution(qint64 batchId, QObject *parent);
    // A case's moves through its lifecycle and its dossier (case-work worker).
    CaseLifecycleRunner *createCaseLifecycle(QObject *parent);
    // A case's re-check list (case-work worker).
    CaseChecksRunner *createCaseChecks(QObject *parent);
    // The Customers panel's reads and exports (browsing worker) and
    // support's records (case-work worker).
    OutreachRunner *createOutreachRunner(QObject *parent);

    // Short jobs; each answers with one of the signals below.
    void checkPayopsSchema();
    // The signed-in person's console role; consoleRoleKnown() answers.
    void checkConsoleRole();
    void verifyAuditChain();
    void openCase(const Finding &finding);
    // One case for an incident: its headline, then each of its findings
    // (caseOpened answers once all are in).
    void openIncidentCase(const detect::Incident &incident);
    // The cases `finding` may go to (caseChoicesLoaded answers), and
    // attaching it to one of them (findingAttached, or caseWorkFailed with
    // the reason when the case holds it already or may not take it).
    void loadCaseChoices(const Finding &finding);
    void attachFinding(qint64 caseId, const Finding &finding);
    void addCaseNote(qint64 caseId, const QString &text);
    void exportRows(const QString &sql, const QString &path);

signals:
    void opened(const payops::ServerIdentity &identity);
    void routeKnown(const payops::ServerRoute &route);
    void openFailed(const QString &message);
    void browseOpenFailed(const QString &message);
    void busyChanged(bool busy);
    void jobStarted(const QString &label);
    void jobProgress(int percent, const QString &text);

    void payopsSchemaProblem(const QString &problem); // only when there is one
    // "operator", "approver", "viewer" or "" (none of the console's roles).
    void consoleRoleKnown(const QString &role);
    void auditChainChecked(const QString &verdict, bool intact);
    void caseOpened(qint64 caseId);
    // rowsSql: the finding's, so an answer for another finding is told apart.
    void caseChoicesLoaded(const QString &rowsSql, const QVector<payops::ops::CaseChoice> &choices);
    void caseChoicesFailed(const QString &message);
    void findingAttached(qint64 caseId);
    void caseNoteAdded(qint64 caseId);
    // action: what could not be done ("open a case").
    void caseWorkFailed(const QString &action, const QString &message);
    void rowsExported(const QString &path, qint64 rows);
    void exportFailed(const QString &message);

private:
    ConnectionProfile m_profile;
    // Kept for the connections opened later (a batch's execution), as the
    // workers keep theirs; never written anywhere.
    QString m_password;
    schema::SchemaProfile m_schema;
    secrets::SecretStore &m_secrets;
    const QSettings &m_settings;

    // Asks the investigation server where it is and how far behind.
    void readRoute();

    db::DbWorker *m_scanWorker;
    db::DbWorker *m_rowsWorker;
    db::DbWorker *m_browseWorker;
    db::DbWorker *m_caseWorker;
    db::DbWorker *m_comparisonWorker;
    ScanRunner *m_scanRunner;
    db::ServerRoute m_route;
    QTimer m_routeTimer;
};

} // namespace payops::workspace
