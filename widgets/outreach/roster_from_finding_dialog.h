#pragma once

#include "core/backup_source.h"
#include "core/finding.h"
#include "ops/cases.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace payops {

// "Customers to contact…" of a finding: puts the people its rows name on a
// case's roster, for support. The person picks the case (those holding the
// finding first), what the incident did to them in words (the messages
// choose their template by it), and a backup for the accounts the live
// data no longer holds (incident 1's deleted accounts: their contact
// details are only in the backup). The dialog asks nothing itself: the
// main window passes addRequested to the Customers panel's runner and
// hands the answer back (showAdded, showFailure).
class RosterFromFindingDialog : public QDialog
{
    Q_OBJECT
public:
    RosterFromFindingDialog(const Finding &finding, const QVector<BackupSource> &backups,
                            QWidget *parent = nullptr);

    const Finding &finding() const { return m_finding; }
    void showChoices(const QVector<ops::CaseChoice> &choices);
    void showAdded(qint64 caseId, const QString &summary);
    void showFailure(const QString &message);

    QComboBox *caseBox() const { return m_case; }
    QComboBox *backupBox() const { return m_backup; }
    QLineEdit *incidentEdit() const { return m_incident; }
    QPushButton *addButton() const { return m_add; }
    QLabel *message() const { return m_message; }

signals:
    void addRequested(qint64 caseId, const QString &rowsSql, const QString &incident,
                      const std::optional<payops::BackupSource> &backup);

private:
    Finding m_finding;
    QVector<BackupSource> m_backups;
    QComboBox *m_case;
    QComboBox *m_backup;
    QLineEdit *m_incident;
    QPushButton *m_add;
    QLabel *m_message;
};

} // namespace payops
