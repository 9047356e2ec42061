#include "support/demo_truth.h"

#include "db/session.h"
#include "support/test_demo.h"

#include <QJsonArray>
#include <QJsonObject>

namespace payops::test {

QHash<QString, QStringList> netChangesSinceBackup()
{
    // The first change's old row against the last change's new row.
    const ResultTable truth = adminSession()->query(QStringLiteral(
        "WITH ordered AS (\n"
        "    SELECT table_name, pk, action, old_row, new_row,\n"
        "           first_value(action) OVER w AS first_action, first_value(old_row) OVER w AS "
        "first_old,\n"
        "           row_number() OVER (PARTITION BY table_name, pk ORDER BY seq DESC) AS "
        "from_last\n"
        "    FROM demo_truth.changes\n"
        "    WINDOW w AS (PARTITION BY table_name, pk ORDER BY seq))\n"
        "SELECT table_name, pk::text,\n"
        // The creation time as the demo's profile names it (balance
        // movements' is "at"; elsewhere created_at).
        "       CASE WHEN first_action = 'insert' AND (new_row ->> CASE table_name WHEN "
        "'balance_movements' THEN 'at' ELSE 'created_at' END)::timestamptz >\n"
        "                 (SELECT value::timestamptz FROM demo_truth.facts WHERE key = "
        "'backup_taken_at')\n"
        "            THEN 'new'\n"
        "            WHEN first_action = 'insert' THEN 'created'\n"
        "            WHEN action = 'delete' THEN 'deleted' ELSE 'changed' END,\n"
        "       (SELECT string_agg(k, ' ' ORDER BY k) FROM jsonb_object_keys(new_row) AS k\n"
        "        WHERE new_row -> k IS DISTINCT FROM first_old -> k)\n"
        "FROM ordered\n"
        "WHERE from_last = 1\n"
        "  AND NOT (first_action = 'insert' AND action = 'delete')\n"
        "  AND NOT (first_action <> 'insert' AND action <> 'delete' AND new_row = first_old)"));
    QHash<QString, QStringList> changes;
    for (const auto &row : truth.rows)
        changes.insert(row[0] + QLatin1Char('|') + row[2] + QLatin1Char('|') + row[1],
                       row[2] == u"changed" ? row[3].split(QLatin1Char(' ')) : QStringList());
    return changes;
}

QHash<QString, QStringList> netChangesOfUser(const QHash<QString, QStringList> &netChanges,
                                             const QString &user)
{
    const ResultTable touched = adminSession()->query(
        QStringLiteral(
            "SELECT table_name, pk::text FROM (\n"
            "    SELECT table_name, pk, action, old_row, new_row,\n"
            "           first_value(action) OVER w AS first_action,\n"
            "           last_value(new_row) OVER w AS last_row\n"
            "    FROM demo_truth.changes\n"
            "    WINDOW w AS (PARTITION BY table_name, pk ORDER BY seq\n"
            "                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) "
            "AS c\n"
            "WHERE (old_row ->> 'account_id' = $1 OR new_row ->> 'account_id' = $1\n"
            "       OR (table_name = 'accounts' AND pk ->> 'id' = $1)\n"
            "       OR (table_name = 'refunds' AND (coalesce(new_row, old_row) ->> "
            "'payment_id')::bigint\n"
            "           IN (SELECT id FROM payments WHERE account_id::text = $1)))\n"
            "  AND NOT (first_action = 'insert' AND table_name NOT IN ('accounts', "
            "'refunds')\n"
            "           AND last_row ->> 'account_id' IS DISTINCT FROM $1)\n"
            "GROUP BY 1, 2"),
        {user});
    QHash<QString, QStringList> changes;
    for (const auto &row : touched.rows)
        for (const QString &kind : {QStringLiteral("created"), QStringLiteral("deleted"),
                                    QStringLiteral("changed"), QStringLiteral("new")}) {
            const QString key = row[0] + QLatin1Char('|') + kind + QLatin1Char('|') + row[1];
            if (netChanges.contains(key))
                changes.insert(key, netChanges.value(key));
        }
    return changes;
}

QMap<QString, QString> firstUserOfEachIncident()
{
    QMap<QString, QString> users;
    const QJsonObject incidents = manifest().value(QStringLiteral("incidents")).toObject();
    for (auto it = incidents.constBegin(); it != incidents.constEnd(); ++it)
        users.insert(it.key(), QString::number(qint64(it.value()
                                                          .toObject()
                                                          .value(QStringLiteral("users"))
                                                          .toArray()
                                                          .first()
                                                          .toDouble())));
    return users;
}

} // namespace payops::test
