#pragma once

#include "core/connection_profile.h"
#include "ops/batch_review.h"
#include "schema/schema_profile.h"
#include "workspace/money_request.h"

#include <QObject>
#include <QPointer>

namespace payops::db {
class DbWorker;
}

namespace payops::workspace {

// One batch's review: loads what the approver must see on the browsing
// worker, then approves or rejects it on a fresh, short-lived connection
// opened with the password typed again at that moment, so the decision is
// made by whoever typed it, as that database user, even when the
// password sits in the keychain. The decision is sent only once that
// connection is up, so a wrong password is reported as exactly that.
// Loading also reads the batch's money as its items carry it (where it
// goes, the accounts), which a money batch's approver must see.
class BatchDecisionRunner : public QObject
{
    Q_OBJECT
public:
    BatchDecisionRunner(db::DbWorker *browseWorker, const ConnectionProfile &profile,
                        const schema::SchemaProfile &schema, qint64 batchId,
                        QObject *parent = nullptr);
    ~BatchDecisionRunner() override;

    qint64 batchId() const { return m_batchId; }
    // The database user who decides (empty: libpq's default, the OS user).
    QString user() const { return m_profile.user; }

    void load();
    // seenHash: the content hash the approver was shown, which the database
    // compares with the batch's.
    void approve(const QString &password, const QString &seenHash);
    void reject(const QString &password, const QString &reason);

signals:
    void loaded(const payops::ops::BatchReview &review);
    void moneyLoaded(const payops::workspace::BatchMoney &money);
    void moneyLoadFailed(const QString &message);
    void loadFailed(const QString &message);
    void approved(const QString &state); // the batch's state afterwards
    void rejected();
    // The connection or the database refused the decision; nothing changed.
    void refused(const QString &message);

private:
    void decide(bool approve, const QString &password, const QString &hash, const QString &reason);

    QPointer<db::DbWorker> m_browseWorker;
    ConnectionProfile m_profile;
    schema::SchemaProfile m_schema;
    qint64 m_batchId;
    db::DbWorker *m_decisionWorker = nullptr;
};

} // namespace payops::workspace
