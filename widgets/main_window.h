#pragma once

#include "core/connection_profile.h"
#include "core/server_identity.h"
#include "schema/schema_profile.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QMessageBox;
class QSettings;
class QSplitter;
class QTabWidget;

namespace payops {

class ActivityBar;
class ApprovalsPanel;
class BatchReviewDialog;
class CaseChecksPanel;
class CasesPanel;
class EnvironmentBanner;
class FindingDetailView;
class FindingsPanel;
class OutreachPanel;
class IncidentsPanel;
class OverviewPanel;
class MoneyRunDialog;
class MoneyWizard;
struct MoneyStart;
class ProfileStore;
class RestoreWizard;
struct RestoreStart;
class QueryTableModel;
struct Finding;
namespace secrets {
class SecretStore;
}
namespace workspace {
class ScanRunner;
class Workspace;
} // namespace workspace

// The operator's window: environment banner on top, findings on the left,
// the selected finding's detail and rows on the right, and a status bar
// that shows every running query with a Cancel button. It wires the widgets
// to the connection's Workspace, which does all database work (never on
// the GUI thread) and answers with signals.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(secrets::SecretStore &secrets, QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects with a known password (or none: URIs may carry one).
    void connectTo(const ConnectionProfile &profile, const QString &password);
    // Opens the per-user comparison with the connection's first backup
    // (nullptr, with a message, when the connection names none).
    class UserHistoryDialog *openUserHistory();
    // Tools → Compare with a backup: the whole database, its findings added
    // to the findings panel. nullptr when not connected or without backups.
    class BackupDiffDialog *openBackupDiff();
    // The schema profile the next scans use.
    void setSchemaProfile(const schema::SchemaProfile &schemaProfile);
    // Connects with the password from the keychain, asking when there is none.
    void connectToProfile(const ConnectionProfile &profile);
    void startScan();
    void cancelAll();
    void runReadOnlyQuery(const QString &sql);

    // Test seams: replace the modal prompts.
    std::function<QString(const QString &question, bool *ok)> askPassword;
    std::function<QString(const QString &suggestedName)> askExportPath;

    bool isConnected() const { return m_connected; }
    // Where the program adds its own entries (the console adds "Open demo").
    QMenu *fileMenu() const { return m_fileMenu; }
    QString lastMessage() const;
    EnvironmentBanner *banner() const { return m_banner; }
    FindingsPanel *findingsPanel() const { return m_findings; }
    FindingDetailView *detailView() const { return m_detail; }
    ActivityBar *activityBar() const { return m_activity; }
    QueryTableModel *rowsModel() const { return m_rowsModel; }
    ApprovalsPanel *approvalsPanel() const { return m_approvals; }
    CasesPanel *casesPanel() const { return m_cases; }
    // Customers: a case's roster, support's start screen (widgets/outreach).
    OutreachPanel *outreachPanel() const { return m_outreach; }
    CaseChecksPanel *caseChecksPanel() const { return m_checks; }
    QueryTableModel *casesModel() const { return m_casesModel; }
    QueryTableModel *timelineModel() const { return m_timelineModel; }
    // "Open case": asks which case the finding goes to, a new one or one
    // already open (those holding it marked: choosing one shows it rather
    // than attaching it twice), then opens or attaches it. The dialog is
    // non-modal; nullptr when not connected.
    class CaseChoiceDialog *openCase(const payops::Finding &finding);
    // "Customers…": the people of the finding's rows to a case's roster,
    // deleted accounts' contacts from a backup of the connection
    // (non-modal); nullptr when not connected.
    class RosterFromFindingDialog *addCustomersOf(const payops::Finding &finding);
    QueryTableModel *approvalsModel() const { return m_approvalsModel; }
    // Opens the review of a batch (non-modal); returns the dialog.
    BatchReviewDialog *reviewBatch(qint64 batchId);
    // The guided restore, from a finding, the backup comparison, one
    // user's records or a case (non-modal); nullptr, with the reason in
    // the message bar, when the signed-in person may not build restores.
    RestoreWizard *openRestoreWizard(const RestoreStart &start);
    // The signed-in person's console role as the database says it
    // ("operator", "approver", "viewer"; empty until known or when none).
    QString consoleRole() const { return m_consoleRole; }
    // Why the signed-in person may not start a restore; empty when they may.
    QString restoreRefusal() const;
    // Writes the selected case's dossier into `folder` (the Dossier button
    // asks for the folder first); the cases panel says where it went.
    void writeDossier(qint64 caseId, const QString &folder);
    // The money wizard (refunds, reversals, claw-backs), from a finding or
    // Tools → Refund, reverse or claw back… (non-modal); nullptr, with the reason in the
    // message bar, when the signed-in person may not build money batches.
    MoneyWizard *openMoneyWizard(const MoneyStart &start);
    // The money batch a finding calls for, preselected; empty rows SQL when none.
    MoneyStart moneyStartFor(const Finding &finding) const;
    // Why the signed-in person may not build a money batch; empty when they may.
    QString moneyRefusal() const;
    // The run of an approved money batch (non-modal, widgets/money_run):
    // where its money goes, Execute, Pause, its counts, and its open items
    // apart with Reconcile and the decisions on them. From Approvals'
    // Run… or Tools → Run or reconcile a money batch…; nullptr when not
    // connected. Who may press what is the console role's (disabled
    // buttons say why).
    MoneyRunDialog *openMoneyRun(qint64 batchId);

    // Each person's start (applied once the console role is known): the
    // on-call engineer's Overview, support's Customers, finance's Approvals.
    OverviewPanel *overviewPanel() const { return m_overview; }
    IncidentsPanel *incidentsPanel() const { return m_incidents; }
    QTabWidget *leftTabs() const { return m_leftTabs; }
    // File → Sign in as…: the same database as `login` (the demo's people
    // have their name as password); closes this connection first.
    void signInAs(const QString &login, const QString &password);
    // Help menu: what the console is, its guides, how to sign in as someone
    // else; non-modal, returns the box shown.
    enum class HelpTopic { About, Guides, SignIn };
    QMessageBox *showHelp(HelpTopic topic);
    QMenu *signInMenu() const { return m_signInMenu; }

signals:
    void connected(const payops::ServerIdentity &identity);
    // The person's start is on screen (their tab chosen, its data asked for).
    void personStartShown(const QString &consoleRole);
    void connectionFailed(const QString &message);
    void scanFinished();
    void exportFinished(const QString &path, qint64 rows);
    void caseOpened(qint64 caseId);
    // The finding went to an existing case's timeline.
    void findingAttached(qint64 caseId);
    void auditChainChecked(bool intact);
    void backupDiffFinished(int findings);
    void consoleRoleKnown(const QString &role);

private:
    void buildMenus();
    // Closes the connection: its tables, dialogs and workers go with it.
    void closeWorkspace();
    void watchOverview();
    void wireScan(workspace::ScanRunner *scan);
    void updateActivity();
    void showMessage(const QString &text, bool isError);
    void exportRows(const QString &sql, const QString &suggestedName);
    void openConnectionDialog();
    // Shows what the console role allows on every entry to a restore or a
    // money batch.
    void applyConsoleRole();
    void moveCase(qint64 caseId, const QString &to, const QString &reason, bool override);
    // Why the signed-in person may not build `what` (only operators do).
    QString operatorRefusal(const QString &what) const;
    // Why the signed-in person may not run a money batch (only operators do).
    QString moneyRunRefusal() const;
    // A console role as a refusal names it: "an approver", "support staff".
    static QString roleInWords(const QString &role);
    // Chooses the tabs and the splitter of the person's start.
    void showPersonStart(const QString &role);
    void buildPersonMenus();

    secrets::SecretStore &m_secrets;
    QSettings &m_settings;
    ProfileStore *m_profiles;
    EnvironmentBanner *m_banner;
    QLabel *m_message;
    FindingsPanel *m_findings;
    ApprovalsPanel *m_approvals;
    CasesPanel *m_cases;
    OutreachPanel *m_outreach = nullptr;
    CaseChecksPanel *m_checks = nullptr;
    QTabWidget *m_leftTabs = nullptr;
    FindingDetailView *m_detail;
    ActivityBar *m_activity;
    workspace::Workspace *m_workspace = nullptr; // while connected (or connecting)
    // The workspace's tables the views show; they go with it.
    QueryTableModel *m_rowsModel = nullptr;
    QueryTableModel *m_approvalsModel = nullptr;
    QueryTableModel *m_casesModel = nullptr;
    QueryTableModel *m_timelineModel = nullptr;
    ConnectionProfile m_profile;
    // How the connected database maps onto the console's concepts; the
    // demo's unless the console was started with --schema-profile.
    schema::SchemaProfile m_schemaProfile = schema::SchemaProfile::demo();
    bool m_connected = false;
    QString m_activityText;
    QMenu *m_fileMenu = nullptr;
    QAction *m_restoreAction = nullptr;
    QAction *m_moneyAction = nullptr;
    QString m_consoleRole;
    OverviewPanel *m_overview = nullptr;
    IncidentsPanel *m_incidents = nullptr;
    QSplitter *m_splitter = nullptr;
    // Whether the detail shows the findings panel's top finding as it
    // comes: for operators; support and finance see one once they look at
    // findings (an unrelated finding beside their queue misleads).
    bool m_detailFollowsFindings = true;
    QMenu *m_signInMenu = nullptr;
};

} // namespace payops
