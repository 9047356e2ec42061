#include "workspace/user_comparison_runner.h"

#include "db/db_worker.h"
#include "db/session.h"
#include "diff/backup_check.h"
#include "workspace/backup_password.h"

namespace payops::workspace {

UserComparisonRunner::UserComparisonRunner(db::DbWorker *worker, const BackupSource &backup,
                                           const schema::SchemaProfile &schema,
                                           secrets::SecretStore &secrets,
                                           const QString &profileName, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_backup(backup)
    , m_schema(schema)
    , m_secrets(secrets)
    , m_profileName(profileName)
{
}

void UserComparisonRunner::search(const QString &text)
{
    compare(text, true);
}

void UserComparisonRunner::pick(const QString &key)
{
    compare(key, false);
}

void UserComparisonRunner::compare(const QString &text, bool search)
{
    readBackupPassword(m_secrets, m_backup, m_profileName, this,
                       [this, text, search](const QString &password, const QString &notice) {
                           if (!notice.isEmpty())
                               emit this->notice(notice);
                           compareWith(text, search, password);
                       });
}

void UserComparisonRunner::compareWith(const QString &text, bool search, const QString &password)
{
    if (!m_worker)
        return; // disconnected while the secret store answered
    const BackupSource chosen = m_backup;
    const schema::SchemaProfile schema = m_schema;
    m_worker->call(
        this, tr("compare user %1 with the backup").arg(text),
        [chosen, password, schema, text, search](db::Session &live, const db::JobProgress &) {
            db::Session backup(ConnectionProfile::fromUri(chosen.location), password,
                               db::SessionOptions(), QStringLiteral("payops-console"));
            // The same checks as a whole diff: a copy of another database
            // or a newer one is refused; its time tells new rows apart.
            const diff::BackupTime time = diff::checkBackupOfLive(
                live, backup, schema, {chosen.takenAt, diff::BackupTime::Source::Entered});
            QStringList users{text};
            QVector<diff::UserMatch> matches;
            if (search) {
                users = diff::findUsers(live, backup, schema, text);
                if (users.isEmpty())
                    throw diff::noAccountMatches(text);
                matches = diff::describeUsers(live, backup, schema, users);
            }
            const auto tables = diff::userTablesFromProfile(live, schema);
            const auto records =
                diff::diffUser(live, backup, schema.schema, tables, users.first(), time.takenAt);
            return QVariant(QVariantList{users.first(), QVariant::fromValue(records),
                                         QVariant::fromValue(matches)});
        },
        [this, search](const QVariant &result) {
            const QVariantList parts = result.toList();
            const QString user = parts.value(0).toString();
            if (search) // a pick keeps the search's list
                emit matchesFound(parts.value(2).value<QVector<diff::UserMatch>>(), user);
            emit recordsReady(user, parts.value(1).value<QVector<diff::UserRecord>>());
        },
        [this](const QString &message, bool) { emit failed(message); });
}

} // namespace payops::workspace
