#pragma once

#include "core/money.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace payops {

class QueryTableModel;

// The batches waiting for a decision, and the signed-in author's approved
// or executing ones, with the money they move per currency: finance's start. Double-click or Review
// opens one; Run… opens an approved or executing batch's run (widgets/money_run).
class ApprovalsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ApprovalsPanel(QWidget *parent = nullptr);

    // The model that loads the queue; owned elsewhere (it goes with the connection).
    void setQueueModel(QueryTableModel *model);
    void refresh();
    QTableView *table() const { return m_table; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *reviewButton() const { return m_review; }
    // "2 batches wait · 254.25 USD; 10.00 EUR waiting for a decision".
    QString statusText() const;
    // The money of the batches in the queue, per currency.
    MoneyTotals moneyWaiting() const;
    // Whether the signed-in person may run batches; `why` says why not.
    void setRunAllowed(bool allowed, const QString &why);

signals:
    void reviewRequested(qint64 batchId);
    void runRequested(qint64 batchId);

private:
    qint64 selectedBatch() const;
    void updateRunButton();
    void updateReviewButton();

    QueryTableModel *m_model = nullptr;
    QTableView *m_table;
    QLabel *m_status;
    QPushButton *m_run;
    QPushButton *m_review;
    QString m_runRefusal;
};

} // namespace payops
