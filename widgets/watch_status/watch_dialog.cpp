#include "watch_dialog.h"

#include "items/query_table_model.h"
#include "ops/watch_queries.h"
#include "workspace/workspace.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

WatchDialog::WatchDialog(workspace::Workspace &workspace, QWidget *parent)
    : QDialog(parent)
    , m_status(workspace.createTableModel(this))
    , m_alerts(workspace.createTableModel(this))
    , m_statusLabel(new QLabel(tr("Reading the watch's state…"), this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("watchDialog"));
    setWindowTitle(tr("Watch"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(900, 480);
    m_statusLabel->setObjectName(QStringLiteral("watchStatus"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setObjectName(QStringLiteral("watchAlerts"));
    m_table->setModel(m_alerts);
    m_table->setSortingEnabled(false); // newest first, as the query orders them
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reloadButton = buttons->addButton(tr("&Reload"), QDialogButtonBox::ActionRole);
    reloadButton->setObjectName(QStringLiteral("watchReload"));
    connect(reloadButton, &QPushButton::clicked, this, &WatchDialog::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_statusLabel);
    layout->addWidget(new QLabel(tr("Alerts, newest first (one per incident; payops watch "
                                    "opens, updates and ends them):"),
                                 this));
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);

    connect(m_status, &QueryTableModel::pageLoaded, this, [this] { showStatus(); });
    connect(m_alerts, &QueryTableModel::pageLoaded, this, [this] { selectFocusedAlert(); });
    connect(m_status, &QueryTableModel::loadFailed, this, [this](const QString &message) {
        m_statusLabel->setText(tr("The watch's state cannot be read: %1").arg(message));
    });
    reload();
}

QString WatchDialog::statusText() const
{
    return m_statusLabel->text();
}

void WatchDialog::showAlert(qint64 alertId)
{
    m_focusAlert = alertId;
    selectFocusedAlert();
}

qint64 WatchDialog::selectedAlert() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_alerts->rawValue(rows.first().row(), 0).toLongLong();
}

void WatchDialog::selectFocusedAlert()
{
    if (m_focusAlert == 0)
        return;
    for (int r = 0; r < m_alerts->rowCount(); ++r) {
        if (m_alerts->rawValue(r, 0).toLongLong() == m_focusAlert) {
            m_table->selectRow(r);
            m_table->scrollTo(m_alerts->index(r, 0));
            return;
        }
    }
    // Newest first: an older alert is on a later page.
    if (m_alerts->canFetchMore({}))
        m_alerts->fetchMore({});
}

void WatchDialog::reload()
{
    m_statusLabel->setText(tr("Reading the watch's state…"));
    m_status->setQuery(ops::watchStatusSql());
    m_alerts->setQuery(ops::watchAlertsSql());
}

QString WatchDialog::statusWords(const QueryTableModel &status)
{
    const auto cell = [&status](int column) {
        return status.data(status.index(0, column)).toString();
    };
    if (status.rowCount() == 0)
        return {};
    const QString lastRun = cell(0);
    if (lastRun.isEmpty())
        return tr("payops watch has not run on this database yet. A database owner grants a login "
                  "the watcher role (payops grant watcher USER --execute), which then runs payops "
                  "watch, or its systemd timer (docs/WATCH.md).");
    const QString nextRun = cell(1);
    return tr("Last run: %1 UTC by %2. Next run due: %3. Open alerts: %4 (%5 at high or above).")
        .arg(lastRun, cell(2), nextRun.isEmpty() ? tr("not scheduled") : nextRun + tr(" UTC"),
             cell(3), cell(4));
}

void WatchDialog::showStatus()
{
    if (const QString words = statusWords(*m_status); !words.isEmpty())
        m_statusLabel->setText(words);
}

} // namespace payops
