#include "backup_list_editor.h"

#include "core/connection_secrets.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace payops {

namespace {

enum Column { Name, Location, TakenAt };

// Where a location cell keeps the password taken out of its text.
constexpr int kPasswordRole = Qt::UserRole + 1;

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

BackupListEditor::BackupListEditor(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 3, this))
{
    m_table->setObjectName(QStringLiteral("backupTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Database URI or pg_dump archive"), tr("Taken at (UTC)")});
    m_table->horizontalHeader()->setSectionResizeMode(Location, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setToolTip(tr("Taken at: when the backup was taken, e.g. 2026-04-10 00:00. Leave it "
                           "empty to read it from the archive, or to bound it by the newest "
                           "record the backup holds."));
    auto *add = new QPushButton(tr("Add backup"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        m_table->insertRow(m_table->rowCount());
        m_table->setCurrentCell(m_table->rowCount() - 1, Name);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    m_table->setMinimumHeight(90);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() == Location)
            takePassword(item);
    });
}

void BackupListEditor::takePassword(QTableWidgetItem *location)
{
    const QString typed = location->text().trimmed();
    const QString password = passwordIn(typed);
    if (password.isNull())
        return;
    // Text first: its own itemChanged then finds no password and stops.
    location->setText(withoutPassword(typed));
    location->setData(kPasswordRole, password);
}

void BackupListEditor::setBackups(const QVector<BackupSource> &backups)
{
    m_table->setRowCount(0);
    for (const BackupSource &backup : backups) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, Name, new QTableWidgetItem(backup.name));
        m_table->setItem(row, Location, new QTableWidgetItem(backup.location));
        m_table->setItem(row, TakenAt,
                         new QTableWidgetItem(backup.takenAt.isValid()
                                                  ? backup.takenAt.toUTC().toString(
                                                        QStringLiteral("yyyy-MM-dd HH:mm"))
                                                  : QString()));
    }
}

QVector<BackupSource> BackupListEditor::backups(QString *problem,
                                                QHash<QString, QString> *passwords) const
{
    QVector<BackupSource> backups;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        BackupSource backup;
        backup.name = cellText(m_table, row, Name);
        // Split here too, in case a cell was filled without an itemChanged.
        const QString typed = cellText(m_table, row, Location);
        QString password = passwordIn(typed);
        backup.location = password.isNull() ? typed : withoutPassword(typed);
        if (password.isNull() && m_table->item(row, Location))
            password = m_table->item(row, Location)->data(kPasswordRole).toString();
        const QString taken = cellText(m_table, row, TakenAt);
        if (backup.name.isEmpty() && backup.location.isEmpty() && taken.isEmpty())
            continue;
        if (backup.name.isEmpty())
            backup.name = BackupSource::fromLocation(backup.location).name;
        if (passwords && !password.isEmpty())
            passwords->insert(backup.name, password);
        if (!taken.isEmpty()) {
            backup.takenAt = BackupSource::parseTime(taken);
            if (!backup.takenAt.isValid() && problem)
                *problem = tr("Backup \"%1\": \"%2\" is not a time; write it as 2026-04-10 00:00 "
                              "(UTC) or leave it empty.")
                               .arg(backup.name, taken);
        }
        backups << backup;
    }
    return backups;
}

} // namespace payops
