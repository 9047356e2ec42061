#pragma once

#include "core/connection_profile.h"

#include <QList>
#include <QString>

class QSettings;

namespace payops {

// Saves and loads connection profiles with QSettings. Passwords are never
// written here (not even inside a backup's location); the store refuses a
// settings file that carries one, and keeps the file for its owner only.
class ProfileStore
{
public:
    // Uses the given settings (tests pass a temporary file); not owned.
    explicit ProfileStore(QSettings &settings);

    QList<ConnectionProfile> profiles() const;
    // Throws UserError naming the problem when the stored profile is malformed.
    ConnectionProfile profile(const QString &name) const;
    bool contains(const QString &name) const;
    // Throws UserError when the profile is invalid or a backup's location
    // carries a password; nothing is written then.
    void save(const ConnectionProfile &profile);
    void remove(const QString &name);

    // Makes the settings file readable and writable by its owner only
    // (0600); a file that does not exist yet is left alone.
    static void restrictToOwner(const QSettings &settings);

private:
    QSettings &m_settings;
};

} // namespace payops
