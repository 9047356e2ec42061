#include "watch_notifier.h"

#include "items/query_table_model.h"
#include "ops/watch_queries.h"
#include "watch_dialog.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QWidget>

namespace payops {

WatchNotifier::WatchNotifier(workspace::Workspace &workspace, QWidget *window)
    : QObject(&workspace)
    , m_workspace(workspace)
    , m_window(window)
    , m_alerts(workspace.createTableModel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("watchNotifier"));
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("PayOps Incident Console"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &WatchNotifier::openLastAlert);
    }
    connect(m_alerts, &QueryTableModel::pageLoaded, this, [this](int, bool complete) {
        if (complete)
            compare();
        else
            m_alerts->fetchMore({});
    });
    // A database without the watch tables, or a role that may not read
    // them: nothing to announce, and no point asking every minute.
    connect(m_alerts, &QueryTableModel::loadFailed, m_timer, &QTimer::stop);
    connect(m_timer, &QTimer::timeout, this, &WatchNotifier::poll);
    m_timer->start(kPollMs);
    poll();
}

void WatchNotifier::poll()
{
    if (!m_alerts->isLoading())
        m_alerts->setQuery(ops::openHighAlertsSql());
}

void WatchNotifier::compare()
{
    QHash<qint64, int> now;
    for (int r = 0; r < m_alerts->rowCount(); ++r)
        now.insert(m_alerts->rawValue(r, 0).toLongLong(), m_alerts->rawValue(r, 1).toInt());
    const bool first = !m_known;
    if (m_known) {
        for (auto it = now.cbegin(); it != now.cend(); ++it) {
            const auto seen = m_revisions.constFind(it.key());
            const bool opened = seen == m_revisions.cend();
            if (!opened && *seen >= it.value())
                continue;
            int row = 0;
            while (m_alerts->rawValue(row, 0).toLongLong() != it.key())
                ++row;
            const QString title =
                opened
                    ? tr("New %1 alert from payops watch").arg(m_alerts->rawValue(row, 2).toUpper())
                    : tr("A %1 alert of payops watch grew")
                          .arg(m_alerts->rawValue(row, 2).toUpper());
            const QString message = tr("Alert %1: %2. Click to see it in the Watch window.")
                                        .arg(it.key())
                                        .arg(m_alerts->rawValue(row, 3));
            m_lastAlert = it.key();
            if (m_tray) {
                m_tray->show();
                m_tray->showMessage(title, message, QSystemTrayIcon::Warning);
            }
            emit notified(it.key(), title, message);
        }
    }
    m_revisions = now;
    m_known = true;
    emit polled(first);
}

void WatchNotifier::openLastAlert()
{
    auto *dialog = new WatchDialog(m_workspace, m_window);
    dialog->showAlert(m_lastAlert);
    dialog->show();
    dialog->raise();
}

} // namespace payops
