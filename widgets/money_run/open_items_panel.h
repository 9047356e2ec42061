#pragma once

#include "workspace/money_run_values.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace payops {

class OpenItemsModel;

// A money batch's open items, apart from its counts, by what a person may
// do with them:
//  - sent with no definitive answer (a timeout, a lost answer): Reconcile
//    looks them up at the provider by their keys, never sends them again;
//  - the provider has nothing under their key, after its window: "Send
//    again under the same key" or "Mark failed", with a reason;
//  - held until their person agrees (claw-backs): finance may give one up.
// Each list is shown only when it holds something. Buttons a person may
// not use are disabled, the reason as their tooltip.
class OpenItemsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit OpenItemsPanel(QWidget *parent = nullptr);

    void showItems(const workspace::OpenMoneyItems &items);
    // runRefusal: why this person may not run or decide (empty: an
    // operator); giveUpRefusal: why they may not give a held item up
    // (empty: finance); busy: why nothing may be done now (a run in flight,
    // a decision on its way), empty when idle.
    void setAllowed(const QString &runRefusal, const QString &giveUpRefusal, const QString &busy);
    // Whether the batch is executing: only then are its items decided.
    void setExecuting(bool executing);
    void showMessage(const QString &text, bool error);

    OpenItemsModel *unknownModel() const { return m_unknown; }
    OpenItemsModel *absentModel() const { return m_absent; }
    OpenItemsModel *heldModel() const { return m_held; }
    QTableView *absentTable() const { return m_absentTable; }
    QTableView *heldTable() const { return m_heldTable; }
    QGroupBox *unknownBox() const { return m_unknownBox; }
    QGroupBox *absentBox() const { return m_absentBox; }
    QGroupBox *heldBox() const { return m_heldBox; }
    QPushButton *reconcileButton() const { return m_reconcile; }
    QPushButton *sendAgainButton() const { return m_sendAgain; }
    QPushButton *markFailedButton() const { return m_markFailed; }
    QPushButton *giveUpButton() const { return m_giveUp; }
    QLineEdit *absentReason() const { return m_absentReason; }
    QLineEdit *heldReason() const { return m_heldReason; }
    QLabel *message() const { return m_message; }

signals:
    void reconcileRequested();
    void decisionRequested(int itemNo, bool sendAgain, const QString &reason);
    void giveUpRequested(int itemNo, const QString &reason);

private:
    int selectedItem(QTableView *table, OpenItemsModel *model) const;
    void updateButtons();

    OpenItemsModel *m_unknown;
    OpenItemsModel *m_absent;
    OpenItemsModel *m_held;
    QGroupBox *m_unknownBox;
    QGroupBox *m_absentBox;
    QGroupBox *m_heldBox;
    QTableView *m_unknownTable;
    QTableView *m_absentTable;
    QTableView *m_heldTable;
    QPushButton *m_reconcile;
    QPushButton *m_sendAgain;
    QPushButton *m_markFailed;
    QPushButton *m_giveUp;
    QLineEdit *m_absentReason;
    QLineEdit *m_heldReason;
    QLabel *m_message;
    QString m_runRefusal;
    QString m_giveUpRefusal;
    QString m_busy;
    bool m_executing = false;
};

} // namespace payops
