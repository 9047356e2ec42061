#pragma once

#include "ops/case_checks.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace payops {

namespace workspace {
class CaseChecksRunner;
class Workspace;
} // namespace workspace

// The Re-checks tab: a case's list of accounts to look at again after a
// repair ("is this account's billing state correct now?"), waiting ones
// first, with counts; an operator ticks a selection off as correct, or as
// wrong with what is wrong. Others see the list; its buttons say why not.
class CaseChecksPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CaseChecksPanel(QWidget *parent = nullptr);

    void attach(workspace::Workspace *workspace);
    void detach();
    // operator, approver, support, viewer: only operators tick.
    void setConsoleRole(const QString &role);
    void showCase(qint64 caseId);
    qint64 shownCase() const { return m_caseId; }

    QTableView *table() const { return m_table; }
    QLabel *counts() const { return m_counts; }
    QLineEdit *note() const { return m_note; }
    QPushButton *correctButton() const { return m_correct; }
    QPushButton *wrongButton() const { return m_wrong; }
    QLabel *message() const { return m_message; }

signals:
    // A tick went into the case's timeline and the audit chain.
    void ticked(qint64 caseId);

private:
    void showChecks(qint64 caseId, const QVector<ops::CaseCheck> &checks);
    void tick(bool correct);
    QStringList selectedAccounts() const;
    void updateButtons();
    void showMessage(const QString &text, bool error);

    QPointer<workspace::CaseChecksRunner> m_runner;
    QString m_role;
    qint64 m_caseId = 0;
    QStandardItemModel *m_model;
    QTableView *m_table;
    QLabel *m_counts;
    QLineEdit *m_note;
    QPushButton *m_correct;
    QPushButton *m_wrong;
    QLabel *m_message;
};

} // namespace payops
