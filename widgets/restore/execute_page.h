#pragma once

#include "exec/batch_executor.h"
#include "ops/batch_review.h"

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace payops {

class RestoreWizard;
class RowsTableModel;

// Step 5: execute the approved batch, once: chunk by chunk, each chunk one
// transaction, with the items per state as the database counts them.
// Pause stops between chunks; Resume goes on exactly where the database
// says it stopped (also after the console was closed). Only a batch
// approved by someone else runs; in production its environment's name is
// typed first.
class ExecutePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ExecutePage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QPushButton *executeButton() const { return m_execute; }
    QPushButton *pauseButton() const { return m_pause; }
    QLineEdit *environmentEdit() const { return m_typed; }
    QLabel *state() const { return m_state; }
    RowsTableModel *counts() const { return m_counts; }
    const exec::ItemCounts &lastCounts() const { return m_lastCounts; }

signals:
    void executionEnded(const QString &batchState);

private:
    void showReview(const ops::BatchReview &review);
    void showCounts(const exec::ItemCounts &counts);
    void showReport(const exec::ExecutionReport &report);
    void updateButtons();

    RestoreWizard *m_wizard;
    ops::BatchReview m_review;
    exec::ItemCounts m_lastCounts;
    bool m_running = false;
    QLabel *m_header;
    QLabel *m_typedLabel;
    QLineEdit *m_typed;
    QProgressBar *m_bar;
    QLabel *m_state;
    RowsTableModel *m_counts;
    QPushButton *m_execute;
    QPushButton *m_pause;
};

} // namespace payops
