#include "open_items_model.h"

#include "run_words.h"

namespace payops {

namespace {

enum SentColumn { SentItem, SentAmount, SentConcerns, SentKey, SentAt, SentState, SentDetail };
enum HeldColumn { HeldItem, HeldAmount, HeldConcerns, HeldWhy };

} // namespace

OpenItemsModel::OpenItemsModel(Kind kind, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
{
}

void OpenItemsModel::setItems(const QVector<workspace::OpenMoneyItem> &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

int OpenItemsModel::itemNoAt(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items[row].itemNo : 0;
}

int OpenItemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int OpenItemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : (m_kind == Kind::Sent ? 7 : 4);
}

QVariant OpenItemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const workspace::OpenMoneyItem &item = m_items[index.row()];
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column <= 1 ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (column == 0)
        return QString::number(item.itemNo);
    if (column == 1)
        return item.amount.currency.isEmpty() ? QString() : item.amount.toDisplayString();
    if (column == 2)
        return item.concerns;
    if (m_kind == Kind::Held)
        return item.detail;
    switch (column) {
    case SentKey:
        return item.key;
    case SentAt:
        return item.sentAt.isEmpty() ? QString() : item.sentAt + QStringLiteral(" UTC");
    case SentState:
        return money_run_words::openState(item);
    case SentDetail:
        return item.detail;
    default:
        return {};
    }
}

QVariant OpenItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList sent = {
        tr("Item"),      tr("Amount"),          tr("Concerns"),       tr("Sent under the key"),
        tr("Last sent"), tr("Where it stands"), tr("The last answer")};
    static const QStringList held = {tr("Item"), tr("Amount"), tr("Concerns"),
                                     tr("Why it is held")};
    return (m_kind == Kind::Sent ? sent : held).value(section);
}

} // namespace payops
