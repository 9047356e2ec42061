#pragma once

#include "workspace/restore_request.h"

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace payops {

class RestoreWizard;
class RowsTableModel;

// Step 1: what to put back. The backup; the kinds of loss (rows deleted,
// records moved to another owner, values overwritten); the accounts
// (preselected from a finding's rows, or the one user), the tables with
// what the comparison counted in them, single rows; and for a field
// restore the fields and the incident's window. Builds the request the
// plan is made of.
class SelectPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SelectPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    // The request as chosen now.
    workspace::RestoreRequest request() const;
    QStringList chosenUsers() const { return m_users; }
    QTableView *usersView() const { return m_usersView; }
    QLineEdit *usersFilter() const { return m_filter; }
    QListWidget *tablesList() const { return m_tables; }
    QLineEdit *fieldsEdit() const { return m_fields; }
    QLabel *usersStatus() const { return m_usersStatus; }

signals:
    void usersLoaded(int count);

private:
    void showUsers(const QVector<workspace::UserRows> &users);
    void fillTables();

    RestoreWizard *m_wizard;
    bool m_initialized = false;
    QStringList m_users;
    QComboBox *m_backup;
    QCheckBox *m_deleted;
    QCheckBox *m_moved;
    QCheckBox *m_sentinel;
    QLineEdit *m_filter;
    QLabel *m_usersStatus;
    RowsTableModel *m_usersModel;
    QSortFilterProxyModel *m_usersFiltered;
    QTableView *m_usersView;
    QListWidget *m_tables;
    QLineEdit *m_fields;
    QCheckBox *m_useWindow;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QPlainTextEdit *m_rows;
};

} // namespace payops
