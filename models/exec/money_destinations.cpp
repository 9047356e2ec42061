#include "exec/money_destinations.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"

#include <QCryptographicHash>

namespace payops::exec {

QString MoneyDestination::describe() const
{
    return QStringLiteral("%1 %2 (%3)")
        .arg(adapter == u"http" ? QStringLiteral("payment provider")
                                : QStringLiteral("files for acquirer"),
             address, environment);
}

QString credentialFingerprint(const QString &credential)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(credential.toUtf8(), QCryptographicHash::Sha256).toHex());
}

void registerMoneyDestination(db::Session &session, const MoneyDestination &destination)
{
    if (destination.adapter != u"http" && destination.adapter != u"file")
        throw UserError(QStringLiteral("A destination's adapter is http or file, not \"%1\".")
                            .arg(destination.adapter),
                        QStringLiteral("Nothing was registered."));
    if (destination.adapter == u"http" && destination.credentialSha256.isEmpty())
        throw UserError(QStringLiteral("An HTTP destination is registered with its credential's "
                                       "fingerprint."),
                        QStringLiteral("Put the provider's key in PAYOPS_PROVIDER_KEY (it is "
                                       "hashed, never stored); nothing was registered."));
    const auto literal = [](const QString &value) {
        return value.isEmpty() ? QStringLiteral("NULL") : db::sqlLiteral(value);
    };
    const QString registration =
        db::renderSql(db::sqlResource(QStringLiteral("exec/register_money_destination")),
                      {{QStringLiteral("name"), literal(destination.name)},
                       {QStringLiteral("adapter"), literal(destination.adapter)},
                       {QStringLiteral("address"), literal(destination.address)},
                       {QStringLiteral("environment"), literal(destination.environment)},
                       {QStringLiteral("credential"), literal(destination.credentialSha256)}});
    try {
        session.executeScript(QStringLiteral("BEGIN;\nSET LOCAL ROLE payops_owner;\n") +
                              registration + QStringLiteral("\nCOMMIT;"));
    } catch (const UserError &e) {
        try {
            session.executeScript(QStringLiteral("ROLLBACK"));
        } catch (const UserError &) {
            // The connection is gone; the server rolled back.
        }
        throw UserError(QStringLiteral("The destination was not registered: %1").arg(e.problem()),
                        QStringLiteral("Run payops allow-money --destination as the database's "
                                       "owner; nothing was registered."));
    }
}

MoneyDestination moneyDestination(db::Session &session, const QString &name)
{
    const ResultTable r =
        session.query(db::sqlResource(QStringLiteral("exec/money_destination")), {name});
    if (r.rowCount() == 0 || r.value(0, QStringLiteral("name")).isEmpty()) {
        const QString names = r.rowCount() ? r.value(0, QStringLiteral("names")) : QString();
        throw UserError(
            QStringLiteral("No money destination \"%1\" is registered on this database.").arg(name),
            names.isEmpty() ? QStringLiteral("A database owner registers one with payops "
                                             "allow-money --destination NAME.")
                            : QStringLiteral("Registered here: %1.").arg(names));
    }
    MoneyDestination d;
    d.name = r.value(0, QStringLiteral("name"));
    d.adapter = r.value(0, QStringLiteral("adapter"));
    d.address = r.value(0, QStringLiteral("address"));
    d.environment = r.value(0, QStringLiteral("environment"));
    d.credentialSha256 = r.value(0, QStringLiteral("credential_sha256"));
    return d;
}

QString batchDestination(db::Session &session, qint64 batchId)
{
    return session
        .query(db::sqlResource(QStringLiteral("exec/batch_destination")),
               {QString::number(batchId)})
        .rows.value(0)
        .value(0);
}

} // namespace payops::exec
