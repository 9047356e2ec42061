#pragma once

#include "core/connection_profile.h"

#include <QList>
#include <QString>

class QSettings;

namespace payops {

// Saves and loads connection profiles with QSettings. Passwords are never
// written here; the store refuses a settings file that carries one.
class ProfileStore
{
public:
    // Uses the given settings (tests pass a temporary file); not owned.
    explicit ProfileStore(QSettings &settings);

    QList<ConnectionProfile> profiles() const;
    // Throws UserError naming the problem when the stored profile is malformed.
    ConnectionProfile profile(const QString &name) const;
    bool contains(const QString &name) const;
    // Throws UserError when the profile is invalid; nothing is written then.
    void save(const ConnectionProfile &profile);
    void remove(const QString &name);

private:
    QSettings &m_settings;
};

} // namespace payops
