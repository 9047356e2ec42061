#pragma once

#include <QString>

#include <functional>

class QObject;

namespace payops {
struct BackupSource;
namespace secrets {
class SecretStore;
}
} // namespace payops

namespace payops::workspace {

// Reads the password of `backup` of the profile `profileName` from the
// secret store, then calls `use` with it in the thread of `context` (not at
// all once `context` is gone). Asynchronous, as for the profile's own
// password: the keychain may be showing an unlock dialog. An archive needs
// none; a store without an entry gives an empty one: libpq then uses the
// location's own, PGPASSWORD or ~/.pgpass. `notice` is the store's trouble
// in one sentence (no keychain, say), empty when there was none; it is not
// fatal, the comparison goes on without a password.
void readBackupPassword(secrets::SecretStore &store, const BackupSource &backup,
                        const QString &profileName, QObject *context,
                        std::function<void(const QString &password, const QString &notice)> use);

} // namespace payops::workspace
