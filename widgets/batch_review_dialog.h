#pragma once

#include "core/connection_profile.h"
#include "ops/batch_review.h"

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace payops {

class QueryTableModel;
namespace db {
class DbWorker;
}

// What finance sees before signing: who built the batch and when, the
// database it is bound to, totals per currency, every item (lazily), and
// the hash being signed. Approving asks for the password again and runs on
// a fresh connection opened with it, so the decision is made by whoever
// typed it, as that database user.
class BatchReviewDialog : public QDialog
{
    Q_OBJECT
public:
    BatchReviewDialog(qint64 batchId, db::DbWorker *browseWorker, const ConnectionProfile &profile,
                      QWidget *parent = nullptr);
    ~BatchReviewDialog() override;

    // Test seam: how the password is asked for again.
    std::function<QString(const QString &question, bool *ok)> askPassword;

    QString outcome() const; // the last result or refusal, in words
    const ops::BatchReview &review() const { return m_review; }

signals:
    void loaded();
    void decided(const QString &outcome, bool accepted);

private:
    void showReview(const ops::BatchReview &review);
    void decide(bool approve);

    qint64 m_batchId;
    db::DbWorker *m_browseWorker;
    ConnectionProfile m_profile;
    db::DbWorker *m_decisionWorker = nullptr;
    QueryTableModel *m_items;
    ops::BatchReview m_review;
    QLabel *m_header;
    QLabel *m_outcome;
    QTableView *m_table;
    QLineEdit *m_reason;
    QPushButton *m_approve;
    QPushButton *m_reject;
};

} // namespace payops
