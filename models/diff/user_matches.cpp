#include "diff/user_matches.h"

#include "core/result_table.h"
#include "db/session.h"
#include "db/sql_text.h"
#include "diff/diff_sql.h"
#include "diff/user_diff.h"
#include "schema/schema_profile.h"

#include <QHash>

namespace payops::diff {

using db::quoteIdent;

QVector<UserMatch> describeUsers(db::Session &live, db::Session &backup,
                                 const schema::SchemaProfile &profile, const QStringList &keys)
{
    QVector<UserMatch> matches;
    for (const QString &key : keys)
        matches.append({key, {}, {}, false, false});
    if (keys.isEmpty())
        return matches;
    const schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    // A role the profile does not map reads as NULL, so one query fits all.
    auto column = [&accounts](const QString &role) {
        return accounts.has(role)
                   ? QStringLiteral("a.%1::text").arg(quoteIdent(accounts.column(role)))
                   : QStringLiteral("NULL::text");
    };
    const QString key = quoteIdent(accounts.column(QStringLiteral("key")));
    const QString sql =
        diffSql(QStringLiteral("account_labels"),
                {{QStringLiteral("key"), key},
                 {QStringLiteral("email"), column(QStringLiteral("email"))},
                 {QStringLiteral("name"), column(QStringLiteral("name"))},
                 {QStringLiteral("accounts"), db::qualifiedTable(profile.schema, accounts.table)}});
    QHash<QString, int> index;
    for (int i = 0; i < keys.size(); ++i)
        index.insert(keys[i], i);
    // Backup first, then live: the live e-mail and name win when both exist.
    for (db::Session *side : {&backup, &live})
        for (const auto &row : side->query(sql, {db::textArrayLiteral(keys)}).rows) {
            const auto at = index.constFind(row[0]);
            if (at == index.cend())
                continue;
            UserMatch &match = matches[*at];
            match.email = row[1];
            match.name = row[2];
            (side == &live ? match.live : match.backup) = true;
        }
    return matches;
}

QString matchLabel(const UserMatch &match)
{
    QStringList parts{match.key};
    for (const QString &part : {match.email, match.name})
        if (!part.isEmpty())
            parts << part;
    QString label = parts.join(QStringLiteral(" · "));
    if (match.backup && !match.live)
        label += QStringLiteral(" (deleted live)");
    else if (match.live && !match.backup)
        label += QStringLiteral(" (created after the backup)");
    return label;
}

UserError noAccountMatches(const QString &text)
{
    return UserError(QStringLiteral("No account matches \"%1\", live or in the backup.").arg(text),
                     QStringLiteral("Type an account id, an e-mail or part of a name."));
}

UserError noAccountWithKey(db::Session &live, db::Session &backup,
                           const schema::SchemaProfile &profile, const QString &key,
                           const QString &option)
{
    // No account has the key, so whatever findUsers finds holds the text
    // in its e-mail or name: likely what was meant.
    constexpr int kNamed = 5;
    const QStringList similar = findUsers(live, backup, profile, key);
    QStringList labels;
    for (const UserMatch &match : describeUsers(live, backup, profile, similar.mid(0, kNamed)))
        labels << matchLabel(match);
    if (similar.size() > kNamed) // findUsers stops counting at kMaxUsersFound
        labels << (similar.size() >= kMaxUsersFound
                       ? QStringLiteral("more")
                       : QStringLiteral("%1 more").arg(similar.size() - kNamed));
    const schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    const QString remedy =
        labels.isEmpty()
            ? QStringLiteral("Give %1 the key of an account, live or in the backup (the \"%2\" "
                             "column of %3.%4); nothing was compared.")
                  .arg(option, accounts.column(QStringLiteral("key")), profile.schema,
                       accounts.table)
            : QStringLiteral("Give %1 the key of an account, not its e-mail or name: \"%2\" is "
                             "in %3 of %4; nothing was compared.")
                  .arg(option, key,
                       similar.size() == 1 ? QStringLiteral("that") : QStringLiteral("those"),
                       labels.join(QStringLiteral("; ")));
    return UserError(
        QStringLiteral("No account has the key \"%1\", live or in the backup.").arg(key), remedy);
}

} // namespace payops::diff
