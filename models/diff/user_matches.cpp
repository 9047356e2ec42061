#include "diff/user_matches.h"

#include "core/result_table.h"
#include "db/session.h"
#include "profile/schema_profile.h"
#include "profile/sql_text.h"

#include <QHash>

namespace payops::diff {

using profile::quoteIdent;

QVector<UserMatch> describeUsers(db::Session &live, db::Session &backup,
                                 const profile::SchemaProfile &profile, const QStringList &keys)
{
    QVector<UserMatch> matches;
    for (const QString &key : keys)
        matches.append({key, {}, {}, false, false});
    if (keys.isEmpty())
        return matches;
    const profile::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    // A role the profile does not map reads as NULL, so one query fits all.
    auto column = [&accounts](const QString &role) {
        return accounts.has(role)
                   ? QStringLiteral("a.%1::text").arg(quoteIdent(accounts.column(role)))
                   : QStringLiteral("NULL::text");
    };
    const QString key = quoteIdent(accounts.column(QStringLiteral("key")));
    const QString sql =
        QStringLiteral("SELECT a.%1::text, %2, %3 FROM %4 AS a WHERE a.%1::text = ANY ($1::text[])")
            .arg(key, column(QStringLiteral("email")), column(QStringLiteral("name")),
                 profile::qualifiedTable(profile.schema, accounts.table));
    QHash<QString, int> index;
    for (int i = 0; i < keys.size(); ++i)
        index.insert(keys[i], i);
    // Backup first, then live: the live e-mail and name win when both exist.
    for (db::Session *side : {&backup, &live})
        for (const auto &row : side->query(sql, {profile::textArrayLiteral(keys)}).rows) {
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

} // namespace payops::diff
