#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace payops {

class QueryTableModel;

// The incident cases and the timeline of the selected one (its frozen
// findings, notes, batches and decisions, from the audit log), with the
// audit chain's verification status.
class CasesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CasesPanel(QWidget *parent = nullptr);

    // Models owned elsewhere (they go with the connection).
    void setModels(QueryTableModel *cases, QueryTableModel *timeline);
    void refresh(qint64 selectCase = 0);
    void setChainStatus(const QString &text, bool intact);
    qint64 selectedCase() const;
    QLabel *chainStatus() const { return m_chain; }
    QPushButton *restoreButton() const { return m_restore; }
    // Whether the signed-in person may build a restore; `why` says why not.
    void setRestoreAllowed(bool allowed, const QString &why);
    // Whether they may move cases through their lifecycle (operators).
    void setCaseMovesAllowed(bool allowed, const QString &why);
    // Whether they may add notes to a case (operators); `why` says why not.
    void setNotesAllowed(bool allowed, const QString &why);
    // The note was written: the field is emptied (a refused note stays, so
    // nothing typed is lost).
    void noteSaved();
    QPushButton *addNoteButton() const { return m_addNote; }
    QLineEdit *noteEdit() const { return m_note; }
    // What became of a move or a dossier, under the buttons; an error
    // (the database's reason a case may not close yet) in red.
    void showCaseMessage(const QString &text, bool error);

    QComboBox *moveTarget() const { return m_moveTo; }
    QLineEdit *moveReason() const { return m_moveReason; }
    QCheckBox *moveOverride() const { return m_override; }
    QPushButton *moveButton() const { return m_move; }
    QPushButton *dossierButton() const { return m_dossier; }
    QLabel *caseMessage() const { return m_caseMessage; }
    // Shown while the list of cases is empty.
    QLabel *noCasesHint() const { return m_noCases; }

signals:
    void noteRequested(qint64 caseId, const QString &text);
    // Start the case's restore, or resume its restore batch where it is.
    void restoreRequested(qint64 caseId);
    // to: mitigating, monitoring, resolved or closed.
    void moveRequested(qint64 caseId, const QString &to, const QString &reason, bool override);
    void dossierRequested(qint64 caseId);

private:
    void showTimeline();

    QueryTableModel *m_cases = nullptr;
    QueryTableModel *m_timeline = nullptr;
    QTableView *m_casesTable;
    QTableView *m_timelineTable;
    QLineEdit *m_note;
    QPushButton *m_addNote;
    QLabel *m_chain;
    QPushButton *m_restore;
    QComboBox *m_moveTo;
    QLineEdit *m_moveReason;
    QCheckBox *m_override;
    QPushButton *m_move;
    QPushButton *m_dossier;
    QLabel *m_caseMessage;
    QLabel *m_noCases = nullptr;
    qint64 m_pendingSelection = 0;
};

} // namespace payops
