#pragma once

#include "diff/user_matches.h"
#include "report/user_export.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPrinter;
class QPushButton;
class QTreeWidget;

namespace payops {

// One user's records, live against the backup, as a tree: a branch per
// table, a line per record marked deleted, created, changed or same, and
// under a changed record each changed field, old value to new. When the
// search matches several accounts, a pick lists them and the operator
// chooses which one is compared. What is shown exports to JSON and CSV and
// prints. The comparison itself runs elsewhere (a
// workspace::UserComparisonRunner): the dialog asks for it and shows the
// answer.
class UserHistoryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit UserHistoryDialog(QWidget *parent = nullptr);

    // The backup's database name, for the title, exports and printouts.
    void setBackupName(const QString &name);

    // One account's records (the answer to either request below).
    void showRecords(const QString &user, const QVector<diff::UserRecord> &records);
    // Every account the search text matched, `shown` selected; the pick
    // appears only when there are several.
    void showMatches(const QVector<diff::UserMatch> &matches, const QString &shown);
    void showFailure(const QString &message);

    // What the tree shows, stamped now, as exported and printed.
    report::UserReport report() const;
    // Prints the report on a printer already set up (Print… asks for one).
    void printTo(QPrinter &printer) const;

    // Test seam: replaces the save-file dialog; an empty path cancels.
    std::function<QString(const QString &caption, const QString &suggestedName,
                          const QString &filter)>
        askSavePath;

    QTreeWidget *tree() const { return m_tree; }
    QLineEdit *userEdit() const { return m_user; }
    QComboBox *matchPick() const { return m_matches; }
    QPushButton *restoreButton() const { return m_restore; }
    // Whether the signed-in person may build a restore; `why` says why not.
    void setRestoreAllowed(bool allowed, const QString &why);
    QString statusText() const;

signals:
    // A search: the text may be a key, an e-mail or part of a name.
    void compareRequested(const QString &text);
    // One account chosen among the matches, by its key.
    void userPicked(const QString &key);
    // Put back what the shown account lost, from this dialog's backup.
    void restoreRequested(const QString &user, const QString &backupName);

private:
    enum class Format { Json, Csv };
    void setBusy(bool busy);
    void setPickVisible(bool visible);
    void exportAs(Format format);
    void print();

    QString m_backupName;
    QString m_shownUser; // empty until an answer arrives
    QString m_summary;   // the shown user's counts, kept under later notes
    QVector<diff::UserRecord> m_records;
    QLineEdit *m_user;
    QPushButton *m_compare;
    QLabel *m_pickLabel;
    QComboBox *m_matches;
    QLabel *m_pickNote; // how many matched, beside the pick
    QLabel *m_status;
    QTreeWidget *m_tree;
    QPushButton *m_exportJson;
    QPushButton *m_exportCsv;
    QPushButton *m_print;
    QPushButton *m_restore;
    bool m_restoreAllowed = false;
};

} // namespace payops
