#pragma once

#include "core/backup_source.h"
#include "outreach/outreach_export.h"
#include "outreach/roster.h"
#include "outreach/roster_cases.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace payops {

class PersonPage;
class RosterFilter;
class RosterTableModel;
class StatusChart;
namespace workspace {
class OutreachRunner;
class Workspace;
} // namespace workspace

// Where support lives: a case's roster (the people its incident touched)
// as a table with filters by status and assignee, how many stand at each
// status as a chart, the picked person's page, bulk actions over a
// selection (assign, mark contacted), and the exports (mail-merge CSV,
// .eml files, call scripts) of the people shown. Everything it asks goes
// through the workspace's OutreachRunner; recording needs payops_support,
// and for anyone else the buttons say so.
class OutreachPanel : public QWidget
{
    Q_OBJECT
public:
    explicit OutreachPanel(QWidget *parent = nullptr);
    ~OutreachPanel() override;

    // A connection's workspace: the panel asks it from now on (nullptr
    // when it closes). `user` is who signed in, for the reasons given.
    void attach(workspace::Workspace *workspace, const QString &user);
    void detach();
    // The console role the database gave ("support" lands here when a case
    // has a roster: startScreenChosen follows).
    void setConsoleRole(const QString &role);
    // Shows a case's roster when it has one (the case picked under Cases).
    void showCase(qint64 caseId);
    void reload();

    qint64 currentCase() const;
    QVector<outreach::RosterCase> rosterCases() const { return m_cases; }
    bool mayRecord() const { return m_mayRecord; }
    QString recordRefusal() const;

    // Test seam: replaces the folder dialog of the exports.
    std::function<QString(const QString &title)> askFolder;

    QComboBox *caseBox() const { return m_case; }
    QComboBox *statusFilter() const { return m_statusFilter; }
    QComboBox *assigneeFilter() const { return m_assigneeFilter; }
    QTableView *table() const { return m_table; }
    RosterTableModel *rosterModel() const { return m_model; }
    RosterFilter *filterModel() const { return m_filter; }
    StatusChart *chart() const { return m_chart; }
    PersonPage *personPage() const { return m_person; }
    QPushButton *markContactedButton() const { return m_markContacted; }
    QPushButton *assignButton() const { return m_assign; }
    QComboBox *bulkAssignee() const { return m_bulkAssignee; }
    QToolButton *exportButton() const { return m_export; }
    QLabel *message() const { return m_message; }
    // Writes the export of the people shown, in the chosen message's
    // words; exported or failed follows.
    void exportShown(outreach::ExportFormat format, const QString &directory);
    // The message the exports use: each person's default (none), or one of
    // the built-in templates for everyone.
    QComboBox *templateBox() const { return m_template; }
    std::optional<outreach::MessageTemplate> chosenTemplate() const;
    // One person's message as the export would write it: the current
    // person's, else the first shown.
    QPlainTextEdit *preview() const { return m_preview; }
    QLabel *previewTitle() const { return m_previewTitle; }
    // Puts the accounts of a finding's rows on a case's roster (the
    // finding's "Customers to contact…"), contacts of accounts gone from
    // live from `backup`; peopleAdded or addFailed follows, and the
    // panel shows that case's roster.
    void addPeopleOfRows(qint64 caseId, const QString &rowsSql, const QString &incident,
                         const std::optional<BackupSource> &backup);

signals:
    // Once a connection's role and rosters are known, for support: true
    // when a case has a roster (the Customers tab is their start screen).
    void startScreenChosen(bool onRoster);
    void rosterShown(qint64 caseId, int people);
    void recorded(qint64 caseId, const QStringList &accounts);
    void recordFailed(const QString &message);
    void exported(const payops::outreach::ExportResult &result);
    void exportFailed(const QString &message);
    void peopleAdded(qint64 caseId, int added, const QString &summary);
    void addFailed(const QString &message);

private:
    void updatePreview();
    void showCases(const QVector<outreach::RosterCase> &cases, bool mayRecord);
    void showRoster(qint64 caseId, const QVector<outreach::RosterPerson> &people);
    void showCurrentPerson();
    void updateActions();
    void updateCount();
    void showMessage(const QString &text, bool isError);
    void record(const QStringList &accounts, const QVector<outreach::OutreachUpdate> &updates,
                bool fromPersonPage);
    QStringList selectedAccounts() const;
    void chooseStartScreen();

    QPointer<workspace::OutreachRunner> m_runner;
    QString m_user;
    QString m_role;
    bool m_rolesKnown = false;
    bool m_casesKnown = false;
    bool m_startChosen = false;
    QVector<outreach::RosterCase> m_cases;
    bool m_mayRecord = false;
    qint64 m_wantedCase = 0;
    qint64 m_justAdded = 0; // people were added to it: shown when the cases come back
    QString m_keepAccount;
    bool m_savingPerson = false; // the record under way is the person page's

    QComboBox *m_case;
    QComboBox *m_statusFilter;
    QComboBox *m_assigneeFilter;
    QLabel *m_count;
    QToolButton *m_export;
    RosterTableModel *m_model;
    RosterFilter *m_filter;
    QTableView *m_table;
    QLabel *m_selection;
    QPushButton *m_markContacted;
    QComboBox *m_bulkAssignee;
    QPushButton *m_assign;
    QLabel *m_message;
    StatusChart *m_chart;
    PersonPage *m_person;
    QComboBox *m_template;
    QLabel *m_previewTitle;
    QPlainTextEdit *m_preview;
};

} // namespace payops
