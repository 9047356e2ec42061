#include "backup_diff_dialog.h"

#include "core/connection_secrets.h"
#include "core/money.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

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

QString kindWords(const QString &kind)
{
    return kind == u"deleted"   ? QObject::tr("deleted")
           : kind == u"changed" ? QObject::tr("changed")
           : kind == u"new"     ? QObject::tr("new since the backup")
                                : QObject::tr("created, not dated after it");
}

const QList<QColor> kKindColours = {QColor(198, 40, 40), QColor(239, 108, 0), QColor(21, 101, 192),
                                    QColor(120, 144, 156)};

// The differences of every table per day of the rows, as stacked bars:
// which day an incident struck is what a person looks for here. The last
// 60 calendar days with a difference get a bar each (days without one
// too, so the spacing is time's); older rows (a deleted account created
// years ago) share one bar "earlier", undated rows one of their own.
constexpr int kChartedDays = 60;

void drawDays(QChart *chart, const diff::BackupDiffSummary &summary)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    QDate last;
    for (auto table = summary.perDay.cbegin(); table != summary.perDay.cend(); ++table)
        for (auto day = table.value().cbegin(); day != table.value().cend(); ++day)
            if (day.key().isValid() && (!last.isValid() || day.key() > last))
                last = day.key();
    const QDate first = last.isValid() ? last.addDays(1 - kChartedDays) : QDate();
    // Bars in order: undated, earlier, then each day (the bar's index is its key).
    QStringList labels;
    QList<QString> names; // for the tooltip
    auto barOf = [&](const QDate &day) -> int {
        if (!day.isValid())
            return 0;
        if (day < first)
            return 1;
        return 2 + int(first.daysTo(day));
    };
    const int bars = last.isValid() ? 2 + kChartedDays : 1;
    QVector<QMap<QString, qint64>> counts(bars);
    bool undated = false, earlier = false;
    QDate earliestCharted = last;
    for (auto table = summary.perDay.cbegin(); table != summary.perDay.cend(); ++table)
        for (auto day = table.value().cbegin(); day != table.value().cend(); ++day) {
            const int bar = barOf(day.key());
            undated = undated || bar == 0;
            earlier = earlier || bar == 1;
            if (bar >= 2 && day.key() < earliestCharted)
                earliestCharted = day.key();
            for (auto kind = day.value().cbegin(); kind != day.value().cend(); ++kind)
                counts[bar][kind.key()] += kind.value();
        }
    QVector<int> shown; // the bars drawn: no empty "undated" or "earlier", no
                        // empty days before the first charted one
    if (undated) {
        shown << 0;
        labels << QObject::tr("undated");
        names << QObject::tr("undated rows");
    }
    if (earlier) {
        shown << 1;
        labels << QObject::tr("earlier");
        names << QObject::tr("before %1").arg(first.toString(Qt::ISODate));
    }
    if (last.isValid())
        for (QDate day = earlier ? first : earliestCharted; day <= last; day = day.addDays(1)) {
            shown << barOf(day);
            labels << day.toString(QStringLiteral("MM-dd"));
            names << day.toString(Qt::ISODate);
        }
    auto *series = new QStackedBarSeries;
    qint64 top = 0;
    for (const int bar : shown) {
        qint64 total = 0;
        for (const qint64 count : counts[bar])
            total += count;
        top = std::max(top, total);
    }
    for (int k = 0; k < kKinds.size(); ++k) {
        auto *set = new QBarSet(kindWords(kKinds[k]));
        set->setColor(kKindColours[k]);
        set->setBorderColor(kKindColours[k]);
        qint64 sum = 0;
        for (const int bar : shown) {
            const qint64 count = counts[bar].value(kKinds[k]);
            set->append(qreal(count));
            sum += count;
        }
        if (sum == 0) // a kind no day has: no legend entry for it
            delete set;
        else
            series->append(set);
    }
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(labels);
    x->setLabelsAngle(labels.size() > 12 ? -90 : 0);
    auto *y = new QValueAxis;
    y->setRange(0, std::max<qreal>(4, qreal(top) * 1.05));
    y->setTickCount(5);
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%.0f")); // localized: "10,000" (a "%d" draws nothing then)
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->setTitle(QObject::tr("Rows that differ, per day of the row (hover over a bar for its "
                                "count)"));
    QObject::connect(
        series, &QStackedBarSeries::hovered, chart, [names](bool status, int index, QBarSet *set) {
            if (!status || index < 0 || index >= names.size()) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(
                QCursor::pos(),
                QObject::tr("%1: %2 rows %3")
                    .arg(names[index], formatCount(qint64(set->at(index))), set->label()));
        });
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
    , m_dayChart(new QChartView(this))
    , m_close(new QPushButton(tr("Close"), this))
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
    tabs->addTab(m_dayChart, tr("Per day"));
    tabs->addTab(m_days, tr("Per table and day"));
    m_dayChart->setObjectName(QStringLiteral("dayChart"));
    m_dayChart->setRenderHint(QPainter::Antialiasing);
    m_dayChart->chart()->legend()->setAlignment(Qt::AlignBottom);
    m_dayChart->chart()->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    m_dayChart->chart()->setLocalizeNumbers(true);
    m_dayChart->chart()->setTitle(tr("The days of the rows that differ appear here."));
    // Without a window manager (a kiosk, Xvfb) there is no title-bar close.
    auto *buttons = new QDialogButtonBox(this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_bar);
    layout->addWidget(m_status);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);

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

void BackupDiffDialog::reject()
{
    if (!m_close->isEnabled())
        return; // Escape while it runs: the comparison goes on (Cancel stops it)
    QDialog::reject();
}

void BackupDiffDialog::setRunning(bool running)
{
    // Closing would drop the comparison's answer: Cancel comes first.
    m_close->setEnabled(!running);
    m_close->setToolTip(running ? tr("The comparison is running: Cancel it first, or wait for "
                                     "its answer")
                                : QString());
    emit runningChanged(running);
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
    drawDays(m_dayChart->chart(), summary);
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

namespace payops {

bool BackupDiffDialog::isRunning() const
{
    return !m_close->isEnabled();
}

} // namespace payops
