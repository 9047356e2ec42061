#pragma once

#include "workspace/money_request.h"

#include <QAbstractTableModel>

namespace payops {

// A claw-back's investors as finance and support read them: per person
// what was paid twice, what their balance holds now, what they moved out
// since (withdrawn or reinvested), what can be taken back now and what
// will be written off, each as money in its currency, with the e-mail
// support writes to. Sorting (Qt::UserRole) is by the numbers themselves.
class ClawbackPeopleModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // The e-mail last: the one column that takes the rest of the width.
    enum Column {
        Account,
        PaidTwice,
        Balance,
        MovedOut,
        Recoverable,
        WriteOff,
        Email,
        ColumnCount
    };

    explicit ClawbackPeopleModel(QObject *parent = nullptr);

    void setPlanned(const workspace::PlannedMoney &planned);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVector<money::ClawbackPerson> m_people;
    QHash<QString, workspace::MoneyContact> m_contacts;
};

} // namespace payops
