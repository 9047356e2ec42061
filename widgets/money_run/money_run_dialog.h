#pragma once

#include "workspace/money_run_values.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace payops {

class HandoverBox;
class OpenItemsPanel;
class RowsTableModel;
namespace workspace {
class MoneyExecutionRunner;
class Workspace;
} // namespace workspace

// What the signed-in person may do in a batch's run, as the main window
// knows their console role: each a reason, empty when they may.
struct MoneyRunPermissions
{
    QString runRefusal;    // running, reconciling, deciding absent items: an operator's
    QString giveUpRefusal; // giving a held item up: finance's
};

// Runs one approved money batch from the console, as payops batch run
// does: before anything is sent it shows where the money goes (the
// registered destination, its environment and how it takes money); then
// Execute (Resume once it began), the counts per state after each chunk
// and Pause; apart, the items still open (OpenItemsPanel) with Reconcile
// and the decisions a person makes on them. A file destination asks for
// the hand-over folder and later the result file to import. Everything
// goes through a MoneyExecutionRunner of its own.
class MoneyRunDialog : public QDialog
{
    Q_OBJECT
public:
    MoneyRunDialog(qint64 batchId, workspace::Workspace &workspace,
                   const MoneyRunPermissions &permissions, QWidget *parent = nullptr);

    qint64 batchId() const { return m_batchId; }
    const workspace::MoneyRunSetup &setup() const { return m_setup; }
    const exec::ItemCounts &lastCounts() const { return m_counts; }
    workspace::MoneyExecutionRunner *runner() const { return m_runner; }

    QLabel *destinationLabel() const { return m_destination; }
    QLabel *environmentLabel() const { return m_environment; }
    QLabel *adapterLabel() const { return m_how; }
    QLabel *state() const { return m_state; }
    QPushButton *executeButton() const { return m_execute; }
    QPushButton *pauseButton() const { return m_pause; }
    QLineEdit *environmentEdit() const { return m_typed; }
    RowsTableModel *counts() const { return m_countsModel; }
    OpenItemsPanel *openItems() const { return m_open; }
    HandoverBox *handover() const { return m_handover; }

signals:
    void setupShown();
    void openItemsShown();
    // A run ended (paused, done, or with items open).
    void runEnded(const QString &batchState);
    void itemDecided(int itemNo);
    // The batch's state or items changed: the panels read them again.
    void batchChanged(qint64 caseId, qint64 batchId);

private:
    void showSetup(const workspace::MoneyRunSetup &setup);
    void showCounts(const exec::ItemCounts &counts);
    void showOutcome(const workspace::MoneyRunOutcome &outcome);
    void showRefusal(const QString &message);
    void startRun(const QString &what, bool withResults);
    void updateButtons();

    qint64 m_batchId;
    MoneyRunPermissions m_permissions;
    workspace::MoneyExecutionRunner *m_runner;
    workspace::MoneyRunSetup m_setup;
    exec::ItemCounts m_counts;
    bool m_loaded = false;
    bool m_running = false;
    bool m_deciding = false;
    bool m_runSaid = false; // the state line says how the last run ended: kept on reloads
    QLabel *m_header;
    QLabel *m_destination;
    QLabel *m_environment;
    QLabel *m_database;
    QLabel *m_how;
    HandoverBox *m_handover;
    QLabel *m_typedLabel;
    QLineEdit *m_typed;
    QProgressBar *m_bar;
    QPushButton *m_pause;
    QPushButton *m_execute;
    QLabel *m_state;
    RowsTableModel *m_countsModel;
    OpenItemsPanel *m_open;
};

} // namespace payops
