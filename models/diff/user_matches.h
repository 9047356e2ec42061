#pragma once

#include "core/user_error.h"

#include <QMetaType>
#include <QStringList>
#include <QVector>

namespace payops::db {
class Session;
}
namespace payops::schema {
struct SchemaProfile;
}

namespace payops::diff {

// One account a search matched, as an operator recognises it.
struct UserMatch
{
    QString key;
    QString email;       // empty when the profile maps no e-mail
    QString name;        // empty when the profile maps no name
    bool live = false;   // the account exists live
    bool backup = false; // the account exists in the backup
};

// The accounts with these keys (findUsers' answer), in the same order,
// with their e-mail and name where the profile maps them: from live, or
// from the backup for an account deleted live. One query per side over the
// accounts table.
QVector<UserMatch> describeUsers(db::Session &live, db::Session &backup,
                                 const schema::SchemaProfile &profile, const QStringList &keys);

// "29 · user29@example.cn · Ada Lovelace (deleted live)".
QString matchLabel(const UserMatch &match);

// The refusal of a search (findUsers) that matched no account, live or in
// the backup: the console's user history.
UserError noAccountMatches(const QString &text);

// The refusal of a user diff by key when no account has the key, live or
// in the backup, and no record is filed under it (diffUser found nothing):
// it would compare nothing. Says what to give `option` ("--user") instead:
// an account's key, naming the accounts whose e-mail or name holds the
// text when there are some (findUsers).
UserError noAccountWithKey(db::Session &live, db::Session &backup,
                           const schema::SchemaProfile &profile, const QString &key,
                           const QString &option);

} // namespace payops::diff

Q_DECLARE_METATYPE(QVector<payops::diff::UserMatch>)
