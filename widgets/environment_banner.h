#pragma once

#include <QLabel>

namespace payops {
struct ServerRoute;
struct ConnectionProfile;
struct ServerIdentity;

// A full-width coloured strip naming the environment, database, server and
// role: production red, staging amber, test and demo blue, unknown purple.
// Three of the five incidents crossed environments; this must be impossible
// to miss.
class EnvironmentBanner : public QLabel
{
    Q_OBJECT
public:
    explicit EnvironmentBanner(QWidget *parent = nullptr);

    void showDisconnected();
    void showConnecting(const ConnectionProfile &profile);
    void showConnected(const ConnectionProfile &profile, const ServerIdentity &identity);
    QString environmentName() const { return m_environmentName; }
    // The signed-in person beside the environment: their login and who they
    // are ("finance, approver"); cleared with showDisconnected().
    void showPerson(const QString &login, const QString &consoleRole);
    QString personText() const { return m_person; }
    // A second line: the server investigation reads (a standby: how far
    // behind, data up to when) and the primary the records go to.
    // limitSeconds: the profile's lag limit, beyond which it warns.
    void showRoute(const ServerRoute &route, int limitSeconds);
    QString routeLine() const { return m_routeLine; }

private:
    void paint(const QString &colorName, const QString &text);
    void refreshText();
    QString m_environmentName;
    QString m_colorName;
    QString m_text;
    QString m_person;
    QString m_routeLine; // plain text, empty until the route is known
};

} // namespace payops
