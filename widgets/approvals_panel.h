#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace payops {

class QueryTableModel;

// The batches waiting for a decision. Double-click or Review opens one.
class ApprovalsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ApprovalsPanel(QWidget *parent = nullptr);

    // The model that loads the queue; owned elsewhere (it goes with the connection).
    void setQueueModel(QueryTableModel *model);
    void refresh();
    QTableView *table() const { return m_table; }

signals:
    void reviewRequested(qint64 batchId);

private:
    qint64 selectedBatch() const;

    QueryTableModel *m_model = nullptr;
    QTableView *m_table;
    QLabel *m_status;
};

} // namespace payops
