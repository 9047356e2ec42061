#pragma once

#include "diff/user_export.h"
#include "diff/user_matches.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace payops {

// One user's records, live against the backup, as a tree: a branch per
// table, a line per record marked deleted, created, changed or same, and
// under a changed record each changed field, old value to new. When the
// search matches several accounts, a pick lists them and the operator
// chooses which one is compared. The comparison itself runs elsewhere
// (MainWindow, on a worker): the dialog asks for it and shows the answer.
class UserHistoryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit UserHistoryDialog(QWidget *parent = nullptr);

    // The backup's database name, for the title.
    void setBackupName(const QString &name);

    // One account's records (the answer to either request below).
    void showRecords(const QString &user, const QVector<diff::UserRecord> &records);
    // Every account the search text matched, `shown` selected; the pick
    // appears only when there are several.
    void showMatches(const QVector<diff::UserMatch> &matches, const QString &shown);
    void showFailure(const QString &message);

    QTreeWidget *tree() const { return m_tree; }
    QLineEdit *userEdit() const { return m_user; }
    QComboBox *matchPick() const { return m_matches; }
    QString statusText() const;

signals:
    // A search: the text may be a key, an e-mail or part of a name.
    void compareRequested(const QString &text);
    // One account chosen among the matches, by its key.
    void userPicked(const QString &key);

private:
    void setBusy(bool busy);
    void setPickVisible(bool visible);

    QString m_backupName;
    QString m_shownUser; // empty until an answer arrives
    QVector<diff::UserRecord> m_records;
    QLineEdit *m_user;
    QPushButton *m_compare;
    QLabel *m_pickLabel;
    QComboBox *m_matches;
    QLabel *m_pickNote; // how many matched, beside the pick
    QLabel *m_status;
    QTreeWidget *m_tree;
};

} // namespace payops
