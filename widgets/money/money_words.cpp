#include "money_words.h"

#include "core/connection_secrets.h"
#include "core/money.h"
#include "widgets/restore/restore_words.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace payops::money_words {

using workspace::MoneyOperation;

QString items(MoneyOperation operation, qint64 count)
{
    const bool refund = operation == MoneyOperation::Refund;
    const QString noun =
        refund ? (count == 1 ? QStringLiteral("refund") : QStringLiteral("refunds"))
               : (count == 1 ? QStringLiteral("reversal") : QStringLiteral("reversals"));
    return formatCount(count) + QLatin1Char(' ') + noun;
}

QString target(MoneyOperation operation)
{
    return operation == MoneyOperation::Refund ? QStringLiteral("Charge")
                                               : QStringLiteral("Refund");
}

QString destinationHeading(MoneyOperation operation, bool ledger)
{
    if (operation == MoneyOperation::Reversal)
        return QStringLiteral("To the acquirer: the refunds are reversed where they were paid out");
    return ledger ? QStringLiteral("Into the billing database's own refunds table (the ledger)")
                  : QStringLiteral("To the payment provider, over HTTP");
}

QString destinationDetail(MoneyOperation operation, bool ledger)
{
    if (operation == MoneyOperation::Reversal)
        return QStringLiteral(
            "Each reversal goes to the acquirer that paid the refund out: handed over in its "
            "batch files (one line an item, the item's key its reference) and ended by the "
            "acquirer's result file, or sent to its API. Nothing is sent until the batch is "
            "approved and run, and an item whose outcome is unknown is looked up, never sent "
            "blindly again.");
    if (ledger)
        return QStringLiteral(
            "Each refund is written as a row of the refunds table by the payops apply "
            "functions, the row and the item's state in one transaction, capped by the "
            "database at that moment like any refund. No payment provider is asked: use this "
            "where the billing database itself is the record of refunds.");
    return QStringLiteral(
        "Each refund is asked of the payment provider's API under the charge's provider "
        "reference, with an idempotency key the database records before the request leaves, "
        "so that it is booked once whatever the network does. The database caps each one at "
        "what may still be refunded of its charge.");
}

QString batchDestination(const workspace::BatchMoney &money)
{
    QStringList parts;
    if (money.providerItems > 0) {
        if (money.operations.contains(QStringLiteral("reversal")))
            parts << QStringLiteral("the payment provider: %1 reversals for the acquirer (handed "
                                    "over as its files, or sent to its API)")
                         .arg(formatCount(money.providerItems));
        else
            parts << QStringLiteral("the payment provider: %1 refunds sent to its API over HTTP "
                                    "(payops batch run --provider)")
                         .arg(formatCount(money.providerItems));
    }
    if (money.ledgerItems > 0)
        parts << QStringLiteral("the billing database's own refunds table (ledger): %1 rows "
                                "written, no provider asked")
                     .arg(formatCount(money.ledgerItems));
    return parts.isEmpty() ? QStringLiteral("nowhere: the items move no money")
                           : parts.join(QStringLiteral("; and "));
}

QString dryRunEffect(const QString &effect, const QString &reason)
{
    static const QHash<QString, QString> reasons = {
        {QStringLiteral("above_cap"),
         QStringLiteral("more than may still be refunded or reversed")},
        {QStringLiteral("currency_mismatch"), QStringLiteral("not in the charge's currency")},
        {QStringLiteral("no_money_source"),
         QStringLiteral("no database owner registered what this money is moved against")},
        {QStringLiteral("above_approved_totals"), QStringLiteral("above the approved totals")}};
    if (effect == u"would send")
        return effect;
    if (effect == u"inserted")
        return QStringLiteral("would write the refund row");
    if (effect == u"conflict")
        return QStringLiteral("conflict: ") +
               reasons.value(reason, restore_words::conflictReason(reason));
    return restore_words::effect(effect, reason);
}

QString connectionForCommand(const ConnectionProfile &profile)
{
    if (!profile.rawUri.isEmpty())
        return withoutPassword(profile.rawUri);
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:-]+$"));
    const auto value = [](const QString &v) {
        return plain.match(v).hasMatch() ? v : ConnectionProfile::quoteConnValue(v);
    };
    QStringList parts;
    if (!profile.host.isEmpty())
        parts << QStringLiteral("host=") + value(profile.host);
    if (profile.port != 5432)
        parts << QStringLiteral("port=%1").arg(profile.port);
    if (!profile.database.isEmpty())
        parts << QStringLiteral("dbname=") + value(profile.database);
    if (!profile.user.isEmpty())
        parts << QStringLiteral("user=") + value(profile.user);
    if (!profile.sslMode.isEmpty() && profile.sslMode != u"prefer")
        parts << QStringLiteral("sslmode=") + value(profile.sslMode);
    return parts.join(QLatin1Char(' '));
}

QString shellQuoted(const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (plain.match(value).hasMatch())
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString runCommand(qint64 batchId, MoneyOperation operation, bool ledger,
                   const QString &environment, const QString &connection, const QString &acquirer)
{
    QStringList words = {QStringLiteral("payops"), QStringLiteral("batch"), QStringLiteral("run"),
                         QString::number(batchId)};
    QString prefix;
    if (operation == MoneyOperation::Reversal) {
        words << QStringLiteral("--handover-dir") << QStringLiteral("<DIR>")
              << QStringLiteral("--acquirer")
              << (acquirer.isEmpty() ? QStringLiteral("<ACQUIRER>") : shellQuoted(acquirer))
              << QStringLiteral("--provider-environment") << shellQuoted(environment);
    } else if (!ledger) {
        // The key is the operator's, typed into the environment, never argv.
        prefix =
            QStringLiteral("PAYOPS_PROVIDER_KEY=<the provider's key for %1> ").arg(environment);
        words << QStringLiteral("--provider") << QStringLiteral("<PROVIDER_URL>")
              << QStringLiteral("--provider-environment") << shellQuoted(environment);
    }
    // Production asks for its name, typed (payops batch run refuses without).
    if (environment == u"production")
        words << QStringLiteral("--confirm-environment") << QStringLiteral("production");
    words << QStringLiteral("--db") << shellQuoted(connection);
    return prefix + words.join(QLatin1Char(' '));
}

} // namespace payops::money_words
