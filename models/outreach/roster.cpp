#include "outreach/roster.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "schema/schema_profile.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace payops::outreach {

const QStringList &outreachStatuses()
{
    static const QStringList statuses = {
        QStringLiteral("not_contacted"), QStringLiteral("contacted"),
        QStringLiteral("agreed"),        QStringLiteral("refused"),
        QStringLiteral("disputed"),      QStringLiteral("proof_asked"),
        QStringLiteral("proof_sent"),    QStringLiteral("resolved"),
        QStringLiteral("unreachable")};
    return statuses;
}

namespace {

// The contact details of `keys` as `session`'s copy of the profile's
// accounts holds them, by account.
QMap<QString, QStringList> contactsOf(db::Session &session, const schema::SchemaProfile &profile,
                                      const QStringList &keys)
{
    const schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    const auto mapped = [&](const char *role) {
        return accounts.has(QLatin1String(role))
                   ? QStringLiteral("a.") + db::quoteIdent(accounts.column(QLatin1String(role)))
                   : QStringLiteral("NULL");
    };
    const ResultTable found = session.query(
        db::renderSql(
            db::sqlResource(QStringLiteral("outreach/contacts")),
            {{QStringLiteral("account_key"),
              db::quoteIdent(accounts.column(QStringLiteral("key")))},
             {QStringLiteral("name"), mapped("name")},
             {QStringLiteral("email"), mapped("email")},
             {QStringLiteral("phone"), mapped("phone")},
             {QStringLiteral("accounts"), db::qualifiedTable(profile.schema, accounts.table)}}),
        {QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(keys)).toJson(QJsonDocument::Compact))});
    QMap<QString, QStringList> byAccount;
    for (int r = 0; r < found.rowCount(); ++r)
        byAccount.insert(found.value(r, QStringLiteral("account")),
                         {found.value(r, QStringLiteral("name")),
                          found.value(r, QStringLiteral("email")),
                          found.value(r, QStringLiteral("phone"))});
    return byAccount;
}

void setContacts(RosterPerson &p, const QStringList &contacts)
{
    p.name = contacts.value(0);
    p.email = contacts.value(1);
    p.phone = contacts.value(2);
}

} // namespace

QVector<RosterPerson> withContacts(db::Session &live, const schema::SchemaProfile &profile,
                                   const QMap<QString, QJsonObject> &impact,
                                   const ContactsBackup *backup)
{
    const QMap<QString, QStringList> inLive = contactsOf(live, profile, impact.keys());
    QStringList gone;
    for (auto it = impact.cbegin(); it != impact.cend(); ++it)
        if (!inLive.contains(it.key()))
            gone << it.key();
    const bool useBackup = backup && backup->session && !gone.isEmpty();
    const QMap<QString, QStringList> inBackup =
        useBackup ? contactsOf(*backup->session, profile, gone) : QMap<QString, QStringList>();
    QVector<RosterPerson> people;
    for (auto it = impact.cbegin(); it != impact.cend(); ++it) {
        RosterPerson p;
        p.account = it.key();
        p.impact = it.value();
        if (inLive.contains(p.account)) {
            setContacts(p, inLive.value(p.account));
        } else if (inBackup.contains(p.account)) {
            setContacts(p, inBackup.value(p.account));
            QJsonObject from{{QStringLiteral("from"), QStringLiteral("backup")},
                             {QStringLiteral("backup"), backup->name}};
            if (backup->takenAt.isValid())
                from.insert(QStringLiteral("taken_at"),
                            backup->takenAt.toUTC().toString(Qt::ISODate));
            p.impact.insert(QStringLiteral("contacts"), from);
        } else {
            QJsonObject none{{QStringLiteral("from"), QStringLiteral("none")}};
            if (useBackup)
                none.insert(QStringLiteral("backup"), backup->name);
            p.impact.insert(QStringLiteral("contacts"), none);
        }
        people.append(p);
    }
    return people;
}

int addToRoster(db::Session &session, qint64 caseId, const QVector<RosterPerson> &people)
{
    QJsonArray list;
    for (const RosterPerson &p : people)
        list.append(QJsonObject{{QStringLiteral("account"), p.account},
                                {QStringLiteral("name"), p.name},
                                {QStringLiteral("email"), p.email},
                                {QStringLiteral("phone"), p.phone},
                                {QStringLiteral("impact"), p.impact}});
    return session
        .query(QStringLiteral("SELECT payops.add_to_roster($1::bigint, $2::jsonb)"),
               {QString::number(caseId),
                QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))})
        .rows.value(0)
        .value(0)
        .toInt();
}

int recordOutreach(db::Session &session, qint64 caseId, const QStringList &accounts,
                   const OutreachUpdate &update)
{
    if (!update.status.isEmpty() && !outreachStatuses().contains(update.status))
        throw UserError(QStringLiteral("\"%1\" is not an outreach status.").arg(update.status),
                        QStringLiteral("Use one of: %1; nothing was recorded.")
                            .arg(outreachStatuses().join(QStringLiteral(", "))));
    QJsonArray keys;
    for (const QString &a : accounts)
        keys.append(a);
    // A null QString is SQL NULL: the field stays as it is.
    return session
        .query(QStringLiteral("SELECT payops.record_outreach($1::bigint, ARRAY(SELECT "
                              "jsonb_array_elements_text($2::jsonb)), $3, $4, $5, $6, "
                              "$7::timestamptz)"),
               {QString::number(caseId),
                QString::fromUtf8(QJsonDocument(keys).toJson(QJsonDocument::Compact)),
                update.status.isEmpty() ? QString() : update.status,
                update.note.isEmpty() ? QString() : update.note,
                update.assignee.isEmpty() ? QString() : update.assignee,
                update.nextStep.isNull() ? QString() : update.nextStep,
                update.nextStepAt.isValid() ? update.nextStepAt.toUTC().toString(Qt::ISODate)
                                            : QString()})
        .rows.value(0)
        .value(0)
        .toInt();
}

QVector<RosterPerson> roster(db::Session &session, qint64 caseId)
{
    const ResultTable rows = session.query(db::sqlResource(QStringLiteral("outreach/roster")),
                                           {QString::number(caseId)});
    QVector<RosterPerson> people;
    for (int r = 0; r < rows.rowCount(); ++r) {
        RosterPerson p;
        p.account = rows.value(r, QStringLiteral("account"));
        p.name = rows.value(r, QStringLiteral("name"));
        p.email = rows.value(r, QStringLiteral("email"));
        p.phone = rows.value(r, QStringLiteral("phone"));
        p.impact =
            QJsonDocument::fromJson(rows.value(r, QStringLiteral("impact")).toUtf8()).object();
        p.status = rows.value(r, QStringLiteral("status"));
        p.assignee = rows.value(r, QStringLiteral("assignee"));
        p.nextStep = rows.value(r, QStringLiteral("next_step"));
        p.nextStepAt =
            QDateTime::fromString(rows.value(r, QStringLiteral("next_step_at")), Qt::ISODate);
        people.append(p);
    }
    return people;
}

} // namespace payops::outreach
