#include "workspace/outreach_runner.h"

#include "core/money.h"
#include "core/user_error.h"
#include "db/db_worker.h"
#include "db/session.h"
#include "diff/backup_check.h"
#include "diff/opened_backup.h"
#include "outreach/export_source.h"
#include "outreach/people_of_rows.h"
#include "workspace/backup_password.h"

#include <memory>

namespace payops::workspace {

namespace {

// What was added, in one sentence support reads under the roster.
QString addedSummary(qint64 caseId, int added, int given, const outreach::ContactsCount &contacts,
                     const QString &backupName, bool withBackup)
{
    QString text = QStringLiteral("%1 people added to the roster of case %2 (%3 were on it "
                                  "already).")
                       .arg(formatCount(added))
                       .arg(caseId)
                       .arg(formatCount(given - added));
    if (contacts.fromBackup > 0)
        text += QStringLiteral(" %1 with contact details from backup %2: their accounts are no "
                               "longer in the live data.")
                    .arg(formatCount(contacts.fromBackup), backupName);
    if (contacts.without > 0)
        text += withBackup ? QStringLiteral(" %1 without contact details: neither live nor the "
                                            "backup holds their accounts.")
                                 .arg(formatCount(contacts.without))
                           : QStringLiteral(" %1 without contact details: their accounts are no "
                                            "longer in the live data (choose a backup to take "
                                            "them from).")
                                 .arg(formatCount(contacts.without));
    return text;
}

} // namespace

OutreachRunner::OutreachRunner(db::DbWorker *browseWorker, db::DbWorker *caseWorker,
                               const schema::SchemaProfile &schemaProfile,
                               const pgtools::SandboxServer &sandbox, secrets::SecretStore &secrets,
                               const QString &profileName, QObject *parent)
    : QObject(parent)
    , m_browse(browseWorker)
    , m_caseWork(caseWorker)
    , m_schema(schemaProfile)
    , m_sandbox(sandbox)
    , m_secrets(secrets)
    , m_profileName(profileName)
{
}

void OutreachRunner::addPeopleOfRows(qint64 caseId, const QString &rowsSql, const QString &incident,
                                     const std::optional<BackupSource> &backup)
{
    if (!backup) {
        submitAdd(caseId, rowsSql, incident, backup, QString());
        return;
    }
    // A backup database's password is in the keychain, read asynchronously.
    readBackupPassword(
        m_secrets, *backup, m_profileName, this,
        [this, caseId, rowsSql, incident, backup](const QString &password, const QString &) {
            submitAdd(caseId, rowsSql, incident, backup, password);
        });
}

void OutreachRunner::submitAdd(qint64 caseId, const QString &rowsSql, const QString &incident,
                               const std::optional<BackupSource> &backup, const QString &password)
{
    if (!m_caseWork)
        return;
    const schema::SchemaProfile profile = m_schema;
    const pgtools::SandboxServer sandbox = m_sandbox;
    m_caseWork->call(
        this, tr("add people to the roster of case %1").arg(caseId),
        [caseId, rowsSql, incident, backup, password, profile,
         sandbox](db::Session &session, const db::JobProgress &progress) {
            const QMap<QString, QJsonObject> impact =
                outreach::peopleOfRows(session, rowsSql, incident);
            if (impact.isEmpty())
                throw UserError(QStringLiteral("The finding's rows name no account."),
                                QStringLiteral("Pick a finding whose rows have a user_id; nobody "
                                               "was added."));
            std::unique_ptr<diff::OpenedBackup> opened;
            outreach::ContactsBackup contacts;
            if (backup) {
                progress.report(0, QStringLiteral("Opening backup %1…").arg(backup->name));
                diff::BackupOpenOptions options;
                options.sandboxServer = sandbox;
                options.password = password;
                opened = std::make_unique<diff::OpenedBackup>(*backup, options);
                db::Session &backupSession =
                    opened->connect(QStringLiteral("payops-console outreach"));
                // A backup of another database would give strangers' details.
                const diff::BackupTime taken =
                    diff::checkBackupOfLive(session, backupSession, profile, opened->givenTime());
                contacts = {&backupSession, backup->name, taken.takenAt};
            }
            const QVector<outreach::RosterPerson> people =
                outreach::withContacts(session, profile, impact, opened ? &contacts : nullptr);
            const int added = outreach::addToRoster(session, caseId, people);
            return QVariant(QVariantList{added, addedSummary(caseId, added, impact.size(),
                                                             outreach::countContacts(people),
                                                             contacts.name, bool(backup))});
        },
        [this, caseId](const QVariant &answer) {
            const QVariantList parts = answer.toList();
            emit peopleAdded(caseId, parts.value(0).toInt(), parts.value(1).toString());
        },
        [this](const QString &message, bool) { emit addFailed(message); });
}

void OutreachRunner::loadCases()
{
    if (!m_browse)
        return;
    m_browse->call(
        this, tr("cases with a roster"),
        [](db::Session &session, const db::JobProgress &) {
            return QVariant(QVariantList{QVariant::fromValue(outreach::rosterCases(session)),
                                         outreach::mayRecordOutreach(session)});
        },
        [this](const QVariant &answer) {
            const QVariantList parts = answer.toList();
            emit casesLoaded(parts.value(0).value<QVector<outreach::RosterCase>>(),
                             parts.value(1).toBool());
        },
        [this](const QString &message, bool) {
            emit loadFailed(tr("the cases with a roster"), message);
        });
}

void OutreachRunner::loadRoster(qint64 caseId)
{
    if (!m_browse)
        return;
    const quint64 asked = ++m_rosterAsked;
    m_browse->call(
        this, tr("roster of case %1").arg(caseId),
        [caseId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(outreach::roster(session, caseId));
        },
        [this, asked, caseId](const QVariant &people) {
            if (asked == m_rosterAsked)
                emit rosterLoaded(caseId, people.value<QVector<outreach::RosterPerson>>());
        },
        [this, asked](const QString &message, bool) {
            if (asked == m_rosterAsked)
                emit loadFailed(tr("the roster"), message);
        });
}

void OutreachRunner::loadPerson(qint64 caseId, const QString &account)
{
    if (!m_browse)
        return;
    const quint64 asked = ++m_personAsked;
    m_browse->call(
        this, tr("history of account %1").arg(account),
        [caseId, account](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(outreach::personRecord(session, caseId, account));
        },
        [this, asked](const QVariant &record) {
            if (asked == m_personAsked)
                emit personLoaded(record.value<outreach::PersonRecord>());
        },
        [this, asked](const QString &message, bool) {
            if (asked == m_personAsked)
                emit loadFailed(tr("the person's page"), message);
        });
}

void OutreachRunner::record(qint64 caseId, const QStringList &accounts,
                            const QVector<outreach::OutreachUpdate> &updates)
{
    if (!m_caseWork)
        return;
    m_caseWork->call(
        this, tr("record outreach"),
        [caseId, accounts, updates](db::Session &session, const db::JobProgress &) {
            int changed = 0;
            for (const outreach::OutreachUpdate &update : updates)
                changed = outreach::recordOutreach(session, caseId, accounts, update);
            return QVariant(changed);
        },
        [this, caseId, accounts](const QVariant &changed) {
            emit recorded(caseId, accounts, changed.toInt());
        },
        [this](const QString &message, bool) { emit recordFailed(message); });
}

void OutreachRunner::exportTo(qint64 caseId, const QStringList &accounts,
                              outreach::ExportFormat format, const QString &directory,
                              const std::optional<outreach::MessageTemplate> &chosen)
{
    if (!m_browse)
        return;
    m_browse->call(
        this, tr("outreach export"),
        [caseId, accounts, format, directory, chosen](db::Session &session,
                                                      const db::JobProgress &) {
            const outreach::ExportSource source =
                outreach::loadExportSource(session, caseId, QString(), accounts);
            outreach::ExportOptions options;
            options.format = format;
            options.directory = directory;
            options.chosen = chosen;
            return QVariant::fromValue(outreach::writeExport(source.info, source.people, options));
        },
        [this, caseId](const QVariant &answer) {
            const auto result = answer.value<outreach::ExportResult>();
            emit exported(result, result.summary(caseId));
        },
        [this](const QString &message, bool) { emit exportFailed(message); });
}

} // namespace payops::workspace
