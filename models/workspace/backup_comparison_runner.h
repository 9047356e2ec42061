#pragma once

#include "core/backup_source.h"
#include "diff/backup_diff_job.h"
#include "pgtools/sandbox_server.h"
#include "schema/schema_profile.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

namespace payops::db {
class DbWorker;
}
namespace payops::secrets {
class SecretStore;
}

namespace payops::workspace {

// The whole database against one backup, on the connection's comparison
// worker (it takes minutes: scans and browsing go on meanwhile). start()
// reads the backup's password from the secret store, then runs
// diff::runBackupDiff, restoring an archive on the sandbox server first.
// Only the answers of the comparison last started are passed on.
class BackupComparisonRunner : public QObject
{
    Q_OBJECT
public:
    BackupComparisonRunner(db::DbWorker *worker, const schema::SchemaProfile &schema,
                           const pgtools::SandboxServer &sandbox, secrets::SecretStore &secrets,
                           const QString &profileName, QObject *parent = nullptr);

    void start(const BackupSource &backup);
    // Stops the comparison between chunks and, through the server, the
    // statement running on live at once.
    void cancel();

signals:
    void notice(const QString &text); // the secret store's trouble; the comparison goes on
    void progress(int percent, const QString &text);
    void finished(const payops::diff::BackupDiffSummary &summary);
    void failed(const QString &message);
    // beforeStart: Cancel came while the password was being read.
    void cancelled(bool beforeStart);

private:
    void submit(const BackupSource &backup, const QString &password);
    void onJobProgress(quint64 id, int percent, const QString &text);
    void onJobFinished(quint64 id, const QVariant &result);
    void onJobFailed(quint64 id, const QString &message, bool cancelled);

    QPointer<db::DbWorker> m_worker;
    schema::SchemaProfile m_schema;
    pgtools::SandboxServer m_sandbox;
    secrets::SecretStore &m_secrets;
    QString m_profileName;
    // Set by cancel(), read by the diff between chunks on the worker thread,
    // which may still hold it after this runner is gone.
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
    quint64 m_job = 0; // the only job whose answers are still wanted
};

} // namespace payops::workspace
