#include "workspace/backup_password.h"

#include "core/backup_source.h"
#include "secrets/secret_store.h"

namespace payops::workspace {

void readBackupPassword(secrets::SecretStore &store, const BackupSource &backup,
                        const QString &profileName, QObject *context,
                        std::function<void(const QString &, const QString &)> use)
{
    if (backup.isArchive()) {
        use(QString(), QString());
        return;
    }
    store.readPassword(
        backup.secretKey(profileName), context,
        [use = std::move(use)](const secrets::SecretResult &result) {
            // No entry is normal (a backup typed without a
            // password); no keychain is said, not fatal.
            const bool trouble = !result.ok && !result.notFound && !result.error.isEmpty();
            use(result.ok ? result.password : QString(), trouble ? result.error : QString());
        });
}

} // namespace payops::workspace
