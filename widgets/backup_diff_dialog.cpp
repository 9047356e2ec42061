#include "backup_diff_dialog.h"

#include "core/connection_secrets.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace payops {

namespace {

const QStringList kKinds = {QStringLiteral("deleted"), QStringLiteral("changed"),
                            QStringLiteral("new"), QStringLiteral("created")};

QTableWidget *countsTable(const QStringList &leading, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(leading.size() + kKinds.size()), parent);
    table->setHorizontalHeaderLabels(leading +
                                     QStringList{QObject::tr("Deleted"), QObject::tr("Changed"),
                                                 QObject::tr("New since the backup"),
                                                 QObject::tr("Created, not dated after it")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setSortingEnabled(true);
    return table;
}

QTableWidgetItem *countItem(qint64 count)
{
    auto *item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, count); // sorts as a number
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (count == 0)
        item->setForeground(QColor(QStringLiteral("#9e9e9e")));
    return item;
}

void addRow(QTableWidget *table, const QStringList &leading, const QMap<QString, qint64> &counts)
{
    const int row = table->rowCount();
    table->insertRow(row);
    for (int i = 0; i < leading.size(); ++i)
        table->setItem(row, i, new QTableWidgetItem(leading[i]));
    for (int k = 0; k < kKinds.size(); ++k)
        table->setItem(row, int(leading.size()) + k, countItem(counts.value(kKinds[k])));
}

} // namespace

BackupDiffDialog::BackupDiffDialog(const QVector<BackupSource> &backups, QWidget *parent)
    : QDialog(parent)
    , m_backups(backups)
    , m_backup(new QComboBox(this))
    , m_compare(new QPushButton(tr("Compare"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_restore(new QPushButton(tr("Restore…"), this))
    , m_bar(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_tables(countsTable({tr("Table")}, this))
    , m_days(countsTable({tr("Table"), tr("Day of the row")}, this))
{
    setObjectName(QStringLiteral("backupDiffDialog"));
    setWindowTitle(tr("Compare the database with a backup"));
    resize(820, 560);
    for (const BackupSource &backup : backups) {
        // A backup named after its URI is shown without the URI's password.
        const QString name = withoutPassword(backup.name);
        m_backup->addItem(backup.takenAt.isValid()
                              ? tr("%1 (taken %2 UTC)")
                                    .arg(name, backup.takenAt.toUTC().toString(
                                                   QStringLiteral("yyyy-MM-dd HH:mm")))
                              : name);
    }
    m_status->setWordWrap(true);
    // Room for the summary's three lines: a wrapped label is otherwise
    // squeezed by the tables' stretch.
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 3 + 4);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_status->setText(tr("Every table with a primary key is compared; only differing rows leave "
                         "the servers. Nothing is written anywhere."));
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    m_cancel->setEnabled(false);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Backup"), this));
    top->addWidget(m_backup, 1);
    top->addWidget(m_compare);
    top->addWidget(m_cancel);
    top->addWidget(m_restore);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_tables, tr("Per table"));
    tabs->addTab(m_days, tr("Per day"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_bar);
    layout->addWidget(m_status);
    layout->addWidget(tabs, 1);

    connect(m_compare, &QPushButton::clicked, this, [this] {
        const int index = m_backup->currentIndex();
        if (index < 0 || index >= m_backups.size())
            return;
        m_tables->setRowCount(0);
        m_days->setRowCount(0);
        setRunning(true);
        showProgress(0, tr("Starting…"));
        emit compareRequested(m_backups[index]);
    });
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    setRestoreAllowed(false, tr("Connect first."));
    connect(m_restore, &QPushButton::clicked, this,
            [this] { emit restoreRequested(m_summary.backupName, m_summary.counts); });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_status->setText(tr("Cancelling…"));
        emit cancelRequested();
    });
}

void BackupDiffDialog::setRestoreAllowed(bool allowed, const QString &why)
{
    m_restoreAllowed = allowed;
    m_restore->setEnabled(allowed && !m_summary.backupName.isEmpty());
    m_restore->setToolTip(allowed ? tr("Put back what the comparison found lost, from this "
                                       "backup, as a batch for approval")
                                  : why);
}

void BackupDiffDialog::setRunning(bool running)
{
    m_compare->setEnabled(!running);
    m_backup->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void BackupDiffDialog::showProgress(int percent, const QString &text)
{
    m_bar->setValue(percent);
    if (m_cancel->isEnabled()) // once cancelling, say so until it stops
        m_status->setText(text);
}

void BackupDiffDialog::showSummary(const diff::BackupDiffSummary &summary)
{
    setRunning(false);
    m_summary = summary;
    m_restore->setEnabled(m_restoreAllowed);
    m_bar->setValue(100);
    m_tables->setSortingEnabled(false);
    m_days->setSortingEnabled(false);
    QMap<QString, qint64> total;
    for (auto table = summary.counts.cbegin(); table != summary.counts.cend(); ++table) {
        addRow(m_tables, {table.key()}, table.value());
        for (auto kind = table.value().cbegin(); kind != table.value().cend(); ++kind)
            total[kind.key()] += kind.value();
    }
    for (auto table = summary.perDay.cbegin(); table != summary.perDay.cend(); ++table)
        for (auto day = table.value().cbegin(); day != table.value().cend(); ++day)
            addRow(m_days,
                   {table.key(),
                    day.key().isValid() ? day.key().toString(Qt::ISODate) : tr("undated")},
                   day.value());
    m_tables->setSortingEnabled(true);
    m_days->setSortingEnabled(true);
    // What an incident did first: the tables that lost rows, the days in order.
    m_tables->sortByColumn(1, Qt::DescendingOrder);
    m_days->sortByColumn(1, Qt::AscendingOrder);
    const QLocale english(QLocale::English);
    m_status->setText(
        tr("Compared with %1, taken %2: %3 rows deleted, %4 changed, %5 new since the backup, %6 "
           "created but not dated after it. %7 findings were added to the findings panel.")
            .arg(withoutPassword(summary.backupName), summary.backupTime.describe(),
                 english.toString(total.value(QStringLiteral("deleted"))),
                 english.toString(total.value(QStringLiteral("changed"))),
                 english.toString(total.value(QStringLiteral("new"))),
                 english.toString(total.value(QStringLiteral("created"))))
            .arg(summary.findings.size()));
}

void BackupDiffDialog::showFailure(const QString &message)
{
    setRunning(false);
    m_bar->setValue(0);
    m_status->setText(message);
}

QString BackupDiffDialog::statusText() const
{
    return m_status->text();
}

} // namespace payops
