#include "cli/outreach_add.h"

#include "cli/backup_options.h"
#include "core/money.h"
#include "db/session.h"
#include "diff/backup_check.h"
#include "diff/opened_backup.h"
#include "outreach/people_of_rows.h"
#include "outreach/roster.h"

#include <QJsonDocument>
#include <QJsonObject>

int addPeopleFromRows(CliContext &context, const QCommandLineParser &parser, qint64 caseId,
                      const payops::schema::SchemaProfile &profile)
{
    const payops::ConnectionProfile connection = context.databaseFrom(parser);
    payops::db::Session live(connection, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops outreach"));
    const QMap<QString, QJsonObject> impact = payops::outreach::peopleOfRows(
        live, parser.value(QStringLiteral("users-of-rows")),
        parser.isSet(QStringLiteral("incident")) ? parser.value(QStringLiteral("incident"))
                                                 : QStringLiteral("affected by the incident"));
    if (impact.isEmpty()) {
        context.err << "The rows name no account (their user_id column is empty); nobody was "
                       "added.\n";
        return ExitFailure;
    }
    // The deleted accounts' contact details come from a backup when one is
    // named: checked to be an older copy of this very database first, so a
    // wrong backup is refused before anything is added.
    std::unique_ptr<payops::diff::OpenedBackup> backup;
    payops::outreach::ContactsBackup contactsBackup;
    if (parser.isSet(QStringLiteral("backup")) || parser.isSet(QStringLiteral("backup-archive"))) {
        backup = openChosenBackup(context, parser);
        payops::db::Session &backupSession = backup->connect(QStringLiteral("payops outreach"));
        const payops::diff::BackupTime taken = payops::diff::requireBackupOfLive(
            live, backupSession, profile, backup->givenTime(),
            QStringLiteral("Backup ") + backup->backup().name, QStringLiteral("nobody was added"));
        contactsBackup = {&backupSession, backup->backup().name, taken.takenAt};
    }
    const QVector<payops::outreach::RosterPerson> people =
        payops::outreach::withContacts(live, profile, impact, backup ? &contactsBackup : nullptr);
    payops::db::SessionOptions writable;
    writable.readOnly = false;
    writable.purpose = QStringLiteral("payops outreach");
    payops::db::Session session(connection, QString(), writable, QStringLiteral("payops"));
    const int added = payops::outreach::addToRoster(session, caseId, people);
    const payops::outreach::ContactsCount contacts = payops::outreach::countContacts(people);
    context.out << payops::formatCount(added) << " people added to the roster of case " << caseId
                << " (" << payops::formatCount(impact.size() - added) << " were on it already).\n";
    if (contacts.fromBackup > 0)
        context.out << payops::formatCount(contacts.fromBackup)
                    << " accounts are no longer in the live data: their contact details come "
                       "from backup "
                    << contactsBackup.name << ".\n";
    if (contacts.without > 0)
        context.out << payops::formatCount(contacts.without)
                    << (backup ? " accounts are neither in the live data nor in the backup: they "
                                 "have no contact details.\n"
                               : " accounts are no longer in the live data and have no contact "
                                 "details: --backup NAME takes them from a backup.\n");
    return ExitOk;
}
