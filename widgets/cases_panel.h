#pragma once

#include <QWidget>

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

signals:
    void noteRequested(qint64 caseId, const QString &text);
    // Start the case's restore, or resume its restore batch where it is.
    void restoreRequested(qint64 caseId);

private:
    void showTimeline();

    QueryTableModel *m_cases = nullptr;
    QueryTableModel *m_timeline = nullptr;
    QTableView *m_casesTable;
    QTableView *m_timelineTable;
    QLineEdit *m_note;
    QLabel *m_chain;
    QPushButton *m_restore;
    qint64 m_pendingSelection = 0;
};

} // namespace payops
