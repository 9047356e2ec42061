#include "user_history_dialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace payops {

namespace {

QColor colorOf(const QString &kind)
{
    if (kind == u"deleted")
        return QColor(QStringLiteral("#c62828"));
    if (kind == u"created")
        return QColor(QStringLiteral("#2e7d32"));
    if (kind == u"changed")
        return QColor(QStringLiteral("#ef6c00"));
    return QColor(QStringLiteral("#757575"));
}

QString valueText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace

UserHistoryDialog::UserHistoryDialog(const QString &backupName, QWidget *parent)
    : QDialog(parent)
    , m_user(new QLineEdit(this))
    , m_compare(new QPushButton(tr("Compare"), this))
    , m_status(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("userHistoryDialog"));
    setWindowTitle(tr("A user's records against %1").arg(backupName));
    resize(900, 600);
    m_user->setObjectName(QStringLiteral("userIdEdit"));
    m_user->setPlaceholderText(tr("Account id, e-mail or name"));
    m_tree->setObjectName(QStringLiteral("userHistoryTree"));
    m_tree->setHeaderLabels({tr("Record"), tr("Change"), tr("Backup"), tr("Live")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_status->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("User"), this));
    top->addWidget(m_user, 1);
    top->addWidget(m_compare);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);

    auto ask = [this] {
        const QString user = m_user->text().trimmed();
        if (user.isEmpty())
            return;
        m_tree->clear();
        m_status->setText(tr("Comparing user %1 with the backup…").arg(user));
        m_compare->setEnabled(false);
        emit compareRequested(user);
    };
    connect(m_compare, &QPushButton::clicked, this, ask);
    connect(m_user, &QLineEdit::returnPressed, this, ask);
}

void UserHistoryDialog::showRecords(const QString &user, const QVector<diff::UserRecord> &records,
                                    const QStringList &matches)
{
    m_compare->setEnabled(true);
    m_tree->clear();
    QMap<QString, QTreeWidgetItem *> tables;
    QMap<QString, int> counts;
    for (const diff::UserRecord &record : records) {
        const diff::RowChange &c = record.change;
        const QString kind = record.same ? QStringLiteral("same") : diff::kindName(c.kind);
        ++counts[kind];
        QTreeWidgetItem *&table = tables[c.table];
        if (!table) {
            table = new QTreeWidgetItem(m_tree, {c.table});
            table->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(table, {c.key, kind});
        item->setForeground(1, colorOf(kind));
        item->setData(1, Qt::UserRole, kind);
        const QJsonObject old = QJsonDocument::fromJson(c.before.toUtf8()).object();
        const QJsonObject now = QJsonDocument::fromJson(c.after.toUtf8()).object();
        for (const QString &column : c.changedColumns) {
            auto *field =
                new QTreeWidgetItem(item, {column, tr("changed"), valueText(old.value(column)),
                                           valueText(now.value(column))});
            field->setForeground(1, colorOf(QStringLiteral("changed")));
            field->setBackground(3, QColor(QStringLiteral("#fff3e0")));
        }
        item->setExpanded(!c.changedColumns.isEmpty() && c.changedColumns.size() <= 4);
    }
    for (QTreeWidgetItem *table : tables)
        table->setText(1, tr("%1 records").arg(table->childCount()));
    m_status->setText(records.isEmpty()
                          ? tr("User %1 has no records on either side.").arg(user)
                          : tr("User %1: %2 deleted, %3 created, %4 changed, %5 the same.")
                                    .arg(user)
                                    .arg(counts.value(QStringLiteral("deleted")))
                                    .arg(counts.value(QStringLiteral("created")))
                                    .arg(counts.value(QStringLiteral("changed")))
                                    .arg(counts.value(QStringLiteral("same"))) +
                                (matches.size() > 1
                                     ? tr(" Other accounts that match: %1.")
                                           .arg(matches.mid(1).join(QStringLiteral(", ")))
                                     : QString()));
}

void UserHistoryDialog::showFailure(const QString &message)
{
    m_compare->setEnabled(true);
    m_status->setText(message);
}

} // namespace payops
