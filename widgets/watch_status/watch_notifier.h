#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QTimer;
class QWidget;

namespace payops {
class QueryTableModel;
namespace workspace {
class Workspace;
}
} // namespace payops

namespace payops {

// The console's desktop notification of `payops watch`: every minute it
// reads the open alerts at high or above (on the workspace's browsing
// connection, off the GUI thread) and, when a watch run opened one or made
// one grow since the last look, says so in a tray message. Clicking the
// message opens the Watch window on that alert. Alerts already open when
// the console connected are not announced again. Lives as long as the
// workspace (its QObject parent).
class WatchNotifier : public QObject
{
    Q_OBJECT
public:
    // window: the parent of the Watch window a click opens.
    WatchNotifier(workspace::Workspace &workspace, QWidget *window);

    static constexpr int kPollMs = 60 * 1000;

    qint64 lastAnnouncedAlert() const { return m_lastAlert; }
    bool hasLooked() const { return m_known; } // the first poll finished

public slots:
    // Reads the open alerts now (the timer calls it every kPollMs).
    void poll();
    // What a click on the message does: the Watch window, on the last announced alert.
    void openLastAlert();

signals:
    // The message shown (or, without a system tray, that would be shown).
    void notified(qint64 alertId, const QString &title, const QString &message);
    // A poll finished; first: it was the look that learnt what was already open.
    void polled(bool first);

private:
    void compare();

    workspace::Workspace &m_workspace;
    QPointer<QWidget> m_window;
    QueryTableModel *m_alerts = nullptr;
    QTimer *m_timer = nullptr;
    QSystemTrayIcon *m_tray = nullptr; // only where a system tray exists
    QHash<qint64, int> m_revisions;    // open alert at high -> revision seen
    bool m_known = false;              // the first look happened
    qint64 m_lastAlert = 0;
};

} // namespace payops
