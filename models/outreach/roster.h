#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::outreach {

// One person of a case's roster: their account, how to reach them as the
// billing data said when the roster was made, and what the incident did
// to them ({"amounts": {"CNY": 85700}, "rows": 1, ...}).
struct RosterPerson
{
    QString account;
    QString name;
    QString email;
    QString phone;
    QJsonObject impact;
    QString status = QStringLiteral("not_contacted");
    QString assignee;
    QString nextStep;
    QDateTime nextStepAt;
};

// The statuses a person's outreach goes through, in the order support
// usually meets them.
const QStringList &outreachStatuses();

// A backup that holds the contact details of accounts the live data no
// longer has (incident 1's deleted accounts): its session, which the
// caller has checked is a backup of this very database
// (diff::checkBackupOfLive), and how the roster names it.
struct ContactsBackup
{
    db::Session *session = nullptr;
    QString name;      // "billing_backup"
    QDateTime takenAt; // invalid when unknown
};

// The people of `impact` (account -> what happened to them) with their
// contact details from the profile's accounts (name, email, phone, as
// mapped). An account the live data no longer holds takes them from
// `backup` when given and it holds the account; its impact then says so
// ("contacts": {"from": "backup", "backup": NAME, "taken_at": ISO}), or
// that neither has them ({"from": "none"}), so that support sees why a
// deleted customer's details are older than the others'. Reads only.
QVector<RosterPerson> withContacts(db::Session &live, const schema::SchemaProfile &profile,
                                   const QMap<QString, QJsonObject> &impact,
                                   const ContactsBackup *backup = nullptr);

// Adds people to a case's roster, as an operator or support; people on it
// already stay as they are. Returns how many were added.
int addToRoster(db::Session &session, qint64 caseId, const QVector<RosterPerson> &people);

// What support records for a selection of people; empty fields stay as
// they are.
struct OutreachUpdate
{
    QString status;
    QString note;
    QString assignee;
    QString nextStep;
    QDateTime nextStepAt;
};
int recordOutreach(db::Session &session, qint64 caseId, const QStringList &accounts,
                   const OutreachUpdate &update);

// A case's roster, ordered by account.
QVector<RosterPerson> roster(db::Session &session, qint64 caseId);

} // namespace payops::outreach

Q_DECLARE_METATYPE(payops::outreach::RosterPerson)
Q_DECLARE_METATYPE(QVector<payops::outreach::RosterPerson>)
