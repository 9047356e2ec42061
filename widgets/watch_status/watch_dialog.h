#pragma once

#include <QDialog>

class QLabel;
class QTableView;

namespace payops {
class QueryTableModel;
namespace workspace {
class Workspace;
}
} // namespace payops

namespace payops {

// Tools → Watch: what `payops watch` knows of this database: when it last
// ran and is next due, how many alerts are open, and every alert it
// raised, newest first (read on the browsing connection, never the GUI
// thread's). Reload reads both again.
class WatchDialog : public QDialog
{
    Q_OBJECT
public:
    explicit WatchDialog(workspace::Workspace &workspace, QWidget *parent = nullptr);

    // The status line as shown: for tests and screen readers alike.
    QString statusText() const;
    // The watch's state as one sentence, from a model of ops::watchStatusSql()
    // (empty until it has its row): the Watch window's line and the overview's.
    static QString statusWords(const QueryTableModel &status);
    QueryTableModel *alerts() const { return m_alerts; }
    // Selects this alert's row once the history is read (a notification's click).
    void showAlert(qint64 alertId);
    // The alert of the selected row, 0 when none.
    qint64 selectedAlert() const;

public slots:
    void reload();

private:
    void showStatus();
    void selectFocusedAlert();

    QueryTableModel *m_status = nullptr; // one row: last run, next run, open alerts
    QueryTableModel *m_alerts = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTableView *m_table = nullptr;
    qint64 m_focusAlert = 0;
};

} // namespace payops
