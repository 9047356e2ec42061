#pragma once

#include "outreach/outreach_export.h"
#include "outreach/person_record.h"
#include "outreach/roster.h"
#include "outreach/roster_cases.h"

#include "core/backup_source.h"
#include "pgtools/sandbox_server.h"
#include "schema/schema_profile.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace payops::db {
class DbWorker;
}
namespace payops::secrets {
class SecretStore;
}

namespace payops::workspace {

// What the Customers panel asks of the database: the cases with a roster,
// one case's roster, one person's page, support's records and the exports.
// Reads and exports run on the browsing worker (the activity bar follows
// them); records on the case-work worker, whose writes the role's grants
// limit to the payops functions (record_outreach needs payops_support).
// An answer to a roster or a person nobody waits for any more (another was
// asked since) is dropped.
class OutreachRunner : public QObject
{
    Q_OBJECT
public:
    // The rest is for adding people: the schema profile maps the accounts'
    // contact details; a backup's archive is restored on `sandbox`, a
    // backup database's password read from `secrets` under `profileName`.
    OutreachRunner(db::DbWorker *browseWorker, db::DbWorker *caseWorker,
                   const schema::SchemaProfile &schemaProfile,
                   const pgtools::SandboxServer &sandbox, secrets::SecretStore &secrets,
                   const QString &profileName, QObject *parent = nullptr);

    void loadCases();
    void loadRoster(qint64 caseId);
    void loadPerson(qint64 caseId, const QString &account);
    // The updates in order, each its own payops.record_outreach.
    void record(qint64 caseId, const QStringList &accounts,
                const QVector<payops::outreach::OutreachUpdate> &updates);
    // Writes the export of these people (all of the roster when empty), in
    // `chosen`'s words for everyone, else each person's default.
    void exportTo(qint64 caseId, const QStringList &accounts, payops::outreach::ExportFormat format,
                  const QString &directory,
                  const std::optional<payops::outreach::MessageTemplate> &chosen = std::nullopt);
    // Puts the accounts in the user_id column of `rowsSql` (a finding's
    // rows) on a case's roster, on the case-work worker, as payops
    // outreach add does: their contact details from live, and for accounts
    // live no longer holds from `backup` when given (checked first to be a
    // backup of this database: a wrong one is refused and adds nobody).
    void addPeopleOfRows(qint64 caseId, const QString &rowsSql, const QString &incident,
                         const std::optional<BackupSource> &backup);

signals:
    // mayRecord: whether the signed-in person holds payops_support.
    void casesLoaded(const QVector<payops::outreach::RosterCase> &cases, bool mayRecord);
    void rosterLoaded(qint64 caseId, const QVector<payops::outreach::RosterPerson> &people);
    void personLoaded(const payops::outreach::PersonRecord &record);
    // what: "the cases with a roster", "the roster", "the person's page".
    void loadFailed(const QString &what, const QString &message);
    void recorded(qint64 caseId, const QStringList &accounts, int changed);
    // The database's own reason: nothing was recorded.
    void recordFailed(const QString &message);
    void exported(const payops::outreach::ExportResult &result, const QString &summary);
    void exportFailed(const QString &message);
    // "312 people added to the roster of case 4; 312 with contact details
    // from backup billing_backup (their accounts are no longer in the live data)."
    void peopleAdded(qint64 caseId, int added, const QString &summary);
    void addFailed(const QString &message);

private:
    void submitAdd(qint64 caseId, const QString &rowsSql, const QString &incident,
                   const std::optional<BackupSource> &backup, const QString &password);

    QPointer<db::DbWorker> m_browse;
    QPointer<db::DbWorker> m_caseWork;
    schema::SchemaProfile m_schema;
    pgtools::SandboxServer m_sandbox;
    secrets::SecretStore &m_secrets;
    QString m_profileName;
    quint64 m_rosterAsked = 0;
    quint64 m_personAsked = 0;
};

} // namespace payops::workspace
