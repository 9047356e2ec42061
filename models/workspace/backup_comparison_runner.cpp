#include "workspace/backup_comparison_runner.h"

#include "db/db_worker.h"
#include "workspace/backup_password.h"

namespace payops::workspace {

BackupComparisonRunner::BackupComparisonRunner(db::DbWorker *worker,
                                               const schema::SchemaProfile &schema,
                                               const pgtools::SandboxServer &sandbox,
                                               secrets::SecretStore &secrets,
                                               const QString &profileName, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_schema(schema)
    , m_sandbox(sandbox)
    , m_secrets(secrets)
    , m_profileName(profileName)
{
    connect(worker, &db::DbWorker::jobProgress, this, &BackupComparisonRunner::onJobProgress);
    connect(worker, &db::DbWorker::jobFinished, this, &BackupComparisonRunner::onJobFinished);
    connect(worker, &db::DbWorker::jobFailed, this, &BackupComparisonRunner::onJobFailed);
}

void BackupComparisonRunner::start(const BackupSource &backup)
{
    *m_cancel = false;
    readBackupPassword(m_secrets, backup, m_profileName, this,
                       [this, backup](const QString &password, const QString &notice) {
                           if (!notice.isEmpty())
                               emit this->notice(notice);
                           submit(backup, password);
                       });
}

void BackupComparisonRunner::cancel()
{
    *m_cancel = true;
    if (m_worker)
        m_worker->cancelAll();
}

void BackupComparisonRunner::submit(const BackupSource &backup, const QString &password)
{
    if (!m_worker)
        return; // disconnected while the secret store answered
    if (*m_cancel) {
        emit cancelled(true);
        return;
    }
    const schema::SchemaProfile schema = m_schema;
    const pgtools::SandboxServer sandbox = m_sandbox;
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    m_job = m_worker->submit(
        tr("compare the database with %1").arg(backup.name),
        [backup, password, schema, sandbox, cancel](db::Session &live,
                                                    const db::JobProgress &progress) {
            return QVariant::fromValue(diff::runBackupDiff(
                live, backup, schema, sandbox,
                [&](int percent, const QString &text) { progress.report(percent, text); },
                cancel.get(), password));
        });
}

void BackupComparisonRunner::onJobProgress(quint64 id, int percent, const QString &text)
{
    if (id == m_job)
        emit progress(percent, text);
}

void BackupComparisonRunner::onJobFinished(quint64 id, const QVariant &result)
{
    if (id != m_job)
        return;
    m_job = 0;
    emit finished(result.value<diff::BackupDiffSummary>());
}

void BackupComparisonRunner::onJobFailed(quint64 id, const QString &message, bool cancelled)
{
    if (id != m_job)
        return;
    m_job = 0;
    if (cancelled)
        emit this->cancelled(false);
    else
        emit failed(message);
}

} // namespace payops::workspace
