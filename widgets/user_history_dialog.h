#pragma once

#include "diff/user_diff.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace payops {

// One user's records, live against the backup, as a tree: a branch per
// table, a line per record marked deleted, created, changed or same, and
// under a changed record each changed field, old value to new. The
// comparison itself runs elsewhere (MainWindow, on a worker): the dialog
// asks for it and shows the answer.
class UserHistoryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit UserHistoryDialog(const QString &backupName, QWidget *parent = nullptr);

    // `matches`: every account the search text matched (the first is shown).
    void showRecords(const QString &user, const QVector<diff::UserRecord> &records,
                     const QStringList &matches = {});
    void showFailure(const QString &message);
    QTreeWidget *tree() const { return m_tree; }
    QLineEdit *userEdit() const { return m_user; }

signals:
    void compareRequested(const QString &user);

private:
    QLineEdit *m_user;
    QPushButton *m_compare;
    QLabel *m_status;
    QTreeWidget *m_tree;
};

} // namespace payops
