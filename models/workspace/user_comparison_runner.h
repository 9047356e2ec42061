#pragma once

#include "core/backup_source.h"
#include "diff/user_diff.h"
#include "diff/user_matches.h"
#include "schema/schema_profile.h"

#include <QObject>
#include <QPointer>

namespace payops::db {
class DbWorker;
}
namespace payops::secrets {
class SecretStore;
}

namespace payops::workspace {

// One user's records, live against one backup database, on the browsing
// worker. A search finds the accounts the text matches and compares the
// first (exact key matches come first; a deleted account is found in the
// backup); a pick compares the one account chosen among them. The backup's
// session lives only for one request, on the worker's thread like the live
// one, with the backup's password read from the secret store for that
// request. Answers come only while this runner lives.
class UserComparisonRunner : public QObject
{
    Q_OBJECT
public:
    UserComparisonRunner(db::DbWorker *worker, const BackupSource &backup,
                         const schema::SchemaProfile &schema, secrets::SecretStore &secrets,
                         const QString &profileName, QObject *parent = nullptr);

    const BackupSource &backup() const { return m_backup; }
    // The text may be a key, an e-mail or part of a name.
    void search(const QString &text);
    // One account chosen among a search's matches, by its key.
    void pick(const QString &key);

signals:
    void notice(const QString &text); // the secret store's trouble; the comparison goes on
    // A search's matches, `shown` the one compared; comes before its records.
    void matchesFound(const QVector<payops::diff::UserMatch> &matches, const QString &shown);
    void recordsReady(const QString &user, const QVector<payops::diff::UserRecord> &records);
    void failed(const QString &message);

private:
    void compare(const QString &text, bool search);
    void compareWith(const QString &text, bool search, const QString &password);

    QPointer<db::DbWorker> m_worker;
    BackupSource m_backup;
    schema::SchemaProfile m_schema;
    secrets::SecretStore &m_secrets;
    QString m_profileName;
};

} // namespace payops::workspace
