#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace payops {

// The status-bar corner that says what the database is doing and offers
// Cancel for every running query.
class ActivityBar : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityBar(QWidget *parent = nullptr);

    void setBusy(bool busy, const QString &what = {});
    void setProgress(int percent, const QString &text);
    bool isBusy() const { return m_busy; }
    QString text() const; // what it says: "Idle", "Running: scan…"
    QPushButton *cancelButton() const { return m_cancel; }

signals:
    void cancelRequested();

private:
    QLabel *m_label;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    bool m_busy = false;
};

} // namespace payops
