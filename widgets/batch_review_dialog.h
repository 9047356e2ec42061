#pragma once

#include "ops/batch_review.h"
#include "workspace/money_request.h"

#include <QDialog>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace payops {

class BatchCustomerChart;
class QueryTableModel;
namespace workspace {
class BatchDecisionRunner;
class Workspace;
} // namespace workspace

// What finance sees before signing: who built the batch and when, the
// database it is bound to, totals per currency, every item (lazily), and
// the hash being signed; for a money batch also where the money goes (the
// registered destination the items name, with its address and
// environment; the billing database's own ledger or balances; nowhere for
// a write-off) and how many accounts it belongs to, as the items' change
// JSON says. Approving asks for the password again and runs on a fresh
// connection opened with it (BatchDecisionRunner), so the decision is made
// by whoever typed it, as that database user.
class BatchReviewDialog : public QDialog
{
    Q_OBJECT
public:
    // Asks `workspace` for the batch and its items; the dialog must not
    // outlive it (the main window closes reviews with the connection).
    BatchReviewDialog(qint64 batchId, workspace::Workspace &workspace, QWidget *parent = nullptr);

    // Test seam: how the password is asked for again.
    std::function<QString(const QString &question, bool *ok)> askPassword;

    QString outcome() const; // the last result or refusal, in words
    const ops::BatchReview &review() const { return m_review; }
    // The money section's text (empty for a batch that moves no money).
    QString moneyText() const;
    // The strip naming the environment the batch is bound to, and what the
    // batch repairs (its case, its findings, the totals checked, overlaps).
    QLabel *environmentStrip() const { return m_environment; }
    QString repairsText() const;
    QTreeWidget *currencyTable() const { return m_currencies; }
    BatchCustomerChart *customerChart() const { return m_customers; }

signals:
    void loaded();
    void moneyShown();
    void decided(const QString &outcome, bool accepted);

private:
    void showReview(const ops::BatchReview &review);
    void showMoney();
    void showRepairs(const ops::BatchReview &review);
    void decide(bool approve);
    void finish(const QString &text, bool accepted);

    qint64 m_batchId;
    workspace::BatchDecisionRunner *m_decision;
    QueryTableModel *m_items;
    ops::BatchReview m_review;
    bool m_reviewed = false;
    std::optional<workspace::BatchMoney> m_money;
    QString m_moneyProblem;
    QLabel *m_environment;
    QLabel *m_repairs;
    QTreeWidget *m_currencies;
    BatchCustomerChart *m_customers;
    QLabel *m_header;
    QLabel *m_moneyLabel;
    QLabel *m_outcome;
    QTableView *m_table;
    QLineEdit *m_reason;
    QPushButton *m_approve;
    QPushButton *m_reject;
};

} // namespace payops
