#pragma once

#include "outreach/roster.h"

#include <QAbstractTableModel>
#include <QMap>
#include <QVector>

namespace payops {

// A case's roster as a table people read: statuses in words, amounts with
// their currency, the next step with its date. The whole roster is held
// (it is one case's people, at most the 100,000 add_to_roster takes), so
// filters and sorting need no round trip. SortRole sorts numbers as
// numbers (accounts when they all are, amounts) and statuses in the order
// support meets them.
class RosterTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Account, Name, Email, Phone, Status, Assignee, NextStep, Amount, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,
        StatusRole,   // the status code
        AssigneeRole, // the assignee, "" for nobody
        AccountRole,
    };

    explicit RosterTableModel(QObject *parent = nullptr);

    void setPeople(qint64 caseId, const QVector<outreach::RosterPerson> &people);
    void clear();
    qint64 caseId() const { return m_caseId; }
    const outreach::RosterPerson &person(int row) const { return m_rows.at(row).person; }
    // -1 when the account is not on it.
    int rowOf(const QString &account) const;
    // Per status code, every status (0 for none).
    QMap<QString, int> countsPerStatus() const;
    QStringList assignees() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        outreach::RosterPerson person;
        QString amount;       // "1,050.00 USD", or why it cannot be read
        QString amountTip;    // what a claw-back can still take
        QString contactsNote; // where the contacts came from when not the live data
        double amountRank = 0;
        qlonglong accountNumber = 0;
    };

    qint64 m_caseId = 0;
    QVector<Row> m_rows;
    QMap<QString, int> m_rowOfAccount;
    bool m_numericAccounts = false;
};

} // namespace payops
