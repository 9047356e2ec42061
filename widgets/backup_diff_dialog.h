#pragma once

#include "diff/backup_diff_job.h"

#include <QDialog>

class QChartView;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace payops {

// The whole database against one of the connection's backups: the operator
// picks the backup and starts; a bar follows the restore and the tables;
// Cancel stops both servers; the answer is shown as counts per table, a
// bar chart per day (the rows' own days, so an incident's day stands out)
// and the counts per table and day (the findings go to the findings panel).
// A window of its own with a Close button. The comparison itself
// runs elsewhere (a workspace::BackupComparisonRunner): the dialog asks and
// shows.
class BackupDiffDialog : public QDialog
{
    Q_OBJECT
public:
    BackupDiffDialog(const QVector<BackupSource> &backups, QWidget *parent = nullptr);

    void showProgress(int percent, const QString &text);
    void showSummary(const diff::BackupDiffSummary &summary);
    void showFailure(const QString &message);

    QComboBox *backupBox() const { return m_backup; }
    QPushButton *compareButton() const { return m_compare; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *restoreButton() const { return m_restore; }
    // Whether the signed-in person may build a restore; `why` says why not.
    void setRestoreAllowed(bool allowed, const QString &why);
    QTableWidget *tablesView() const { return m_tables; }
    QTableWidget *daysView() const { return m_days; }
    // The Per day tab: a stacked bar per day, one colour per kind of difference.
    QChartView *dayChart() const { return m_dayChart; }
    QPushButton *closeButton() const { return m_close; }
    QString statusText() const;
    bool isRunning() const;

signals:
    void runningChanged(bool running);
    void compareRequested(const payops::BackupSource &backup);
    void cancelRequested();
    // Restore from the backup just compared, with its counts per table.
    void restoreRequested(const QString &backupName,
                          const QMap<QString, QMap<QString, qint64>> &tableCounts);

public slots:
    void reject() override;

private:
    void setRunning(bool running);

    QVector<BackupSource> m_backups;
    QComboBox *m_backup;
    QPushButton *m_compare;
    QPushButton *m_cancel;
    QPushButton *m_restore;
    bool m_restoreAllowed = false;
    diff::BackupDiffSummary m_summary; // the last comparison's
    QProgressBar *m_bar;
    QLabel *m_status;
    QTableWidget *m_tables;
    QTableWidget *m_days;
    QChartView *m_dayChart;
    QPushButton *m_close;
};

} // namespace payops
