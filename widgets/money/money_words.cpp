#include "money_words.h"

#include "core/connection_secrets.h"
#include "core/money.h"
#include "widgets/restore/restore_words.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

namespace payops::money_words {

using workspace::MoneyOperation;

namespace {

QString kindOf(MoneyOperation operation)
{
    return operation == MoneyOperation::Refund     ? QStringLiteral("refund")
           : operation == MoneyOperation::Reversal ? QStringLiteral("reversal")
                                                   : QStringLiteral("claw-back");
}

} // namespace

QString itemsOfKind(const QString &kind, qint64 count)
{
    const QString noun = kind.isEmpty() ? QStringLiteral("item") : kind;
    return formatCount(count) + QLatin1Char(' ') + noun +
           (count == 1 ? QString() : QStringLiteral("s"));
}

QString items(MoneyOperation operation, qint64 count)
{
    return itemsOfKind(kindOf(operation), count);
}

QString target(MoneyOperation operation)
{
    return operation == MoneyOperation::Refund     ? QStringLiteral("Charge")
           : operation == MoneyOperation::Reversal ? QStringLiteral("Refund")
                                                   : QStringLiteral("Payout");
}

QString destinationHeading(MoneyOperation operation, bool ledger)
{
    if (operation == MoneyOperation::Clawback)
        return QStringLiteral("Back from the investors' balances, each only once they agree; "
                              "the rest written off");
    if (operation == MoneyOperation::Reversal)
        return QStringLiteral("To the acquirer: the refunds are reversed where they were paid out");
    return ledger ? QStringLiteral("Into the billing database's own refunds table (the ledger)")
                  : QStringLiteral("To the payment provider, over HTTP");
}

QString destinationDetail(MoneyOperation operation, bool ledger)
{
    if (operation == MoneyOperation::Clawback)
        return QStringLiteral(
            "Two batches are drafted. The claw-back writes, per duplicate payout, an entry of "
            "the investor's balance movements for what the balance still holds of it, capped "
            "by the database at the duplicate; each entry waits until support records that "
            "the investor agreed, and a run takes only those who did. The write-off records, "
            "approved, what cannot be taken back; it moves no money. The investors go on the "
            "case's roster, where support records their answers.");
    if (operation == MoneyOperation::Reversal)
        return QStringLiteral(
            "Each reversal goes to the acquirer that paid the refund out, handed over in batch "
            "files (one line an item, the item's key its reference) and ended by the "
            "acquirer's result file. Where it goes is a destination a database owner "
            "registered on this database; finance approves it with the items. Nothing is "
            "handed over until the batch is approved and run.");
    if (ledger)
        return QStringLiteral(
            "Each refund is written as a row of the refunds table by the payops apply "
            "functions, the row and the item's state in one transaction, capped by the "
            "database at that moment like any refund. No payment provider is asked: use this "
            "where the billing database itself is the record of refunds.");
    return QStringLiteral(
        "Each refund is asked of the payment provider's API under the charge's provider "
        "reference, with an idempotency key the database records before the request leaves, "
        "so that it is booked once whatever the network does. Where it goes is a destination "
        "a database owner registered on this database with its key's fingerprint; finance "
        "approves it with the items. The database caps each refund at what may still be "
        "refunded of its charge.");
}

QString adapterWords(const QString &adapter)
{
    if (adapter == u"http")
        return QStringLiteral("a payment provider's API, over HTTP");
    if (adapter == u"file")
        return QStringLiteral("hand-over files for an acquirer");
    return adapter;
}

QString destinationAddress(const exec::MoneyDestination &destination)
{
    // A URL's user information never reaches a screen, should one carry it.
    return destination.adapter == u"http"
               ? QStringLiteral("the API at %1")
                     .arg(QUrl(destination.address).toString(QUrl::RemoveUserInfo))
               : QStringLiteral("the acquirer %1").arg(destination.address);
}

QString destinationLine(const exec::MoneyDestination &destination)
{
    return QStringLiteral("%1: %2 (%3), for %4")
        .arg(destination.name, destinationAddress(destination), adapterWords(destination.adapter),
             destination.environment);
}

QString allowMoneyCommand(const QString &adapter, const QString &environment)
{
    const QString env = shellQuoted(environment.isEmpty() ? QStringLiteral("<ENV>") : environment);
    if (adapter == u"http")
        return QStringLiteral("PAYOPS_PROVIDER_KEY=<the provider's key> payops allow-money "
                              "--destination <NAME> --adapter http --address <PROVIDER_URL> "
                              "--environment %1 --db <OWNER_URI>")
            .arg(env);
    return QStringLiteral("payops allow-money --destination <NAME> --adapter file --address "
                          "<ACQUIRER> --environment %1 --db <OWNER_URI>")
        .arg(env);
}

QString batchDestination(const workspace::BatchMoney &money)
{
    QStringList parts;
    if (money.providerItems > 0) {
        const bool reversal = money.operations.contains(QStringLiteral("reversal"));
        const QString what = itemsOfKind(
            reversal ? QStringLiteral("reversal") : QStringLiteral("refund"), money.providerItems);
        QStringList where;
        for (const QString &name : money.destinationNames) {
            const auto registered =
                std::find_if(money.destinations.cbegin(), money.destinations.cend(),
                             [&](const exec::MoneyDestination &d) { return d.name == name; });
            where << (registered != money.destinations.cend()
                          ? destinationLine(*registered)
                          : QStringLiteral("%1, which is not registered on this database (a "
                                           "run refuses it)")
                                .arg(name));
        }
        if (where.isEmpty())
            where << QStringLiteral("no destination (a run refuses it)");
        parts << QStringLiteral("%1 to %2").arg(what, where.join(QStringLiteral("; ")));
    }
    if (money.ledgerItems > 0) {
        if (money.operations.contains(QStringLiteral("claw-back")))
            parts << QStringLiteral("the investors' balances: %1 taken back as balance "
                                    "movements, each only once support records that the "
                                    "investor agreed")
                         .arg(itemsOfKind(QStringLiteral("claw-back"), money.ledgerItems));
        else
            parts << QStringLiteral("the billing database's own refunds table (ledger): %1 rows "
                                    "written, no provider asked")
                         .arg(formatCount(money.ledgerItems));
    }
    if (money.recordItems > 0)
        parts << QStringLiteral("nowhere: %1 recorded, what cannot be taken back (no money "
                                "moves)")
                     .arg(itemsOfKind(QStringLiteral("write-off"), money.recordItems));
    return parts.isEmpty() ? QStringLiteral("nowhere: the items move no money")
                           : parts.join(QStringLiteral("; and "));
}

QString dryRunEffect(const QString &kind, const QString &effect, const QString &reason)
{
    static const QHash<QString, QString> reasons = {
        {QStringLiteral("above_cap"),
         QStringLiteral("more than may still be refunded, reversed or taken back")},
        {QStringLiteral("currency_mismatch"), QStringLiteral("not in the payment's currency")},
        {QStringLiteral("no_money_source"),
         QStringLiteral("no database owner registered what this money is moved against")},
        {QStringLiteral("above_approved_totals"), QStringLiteral("above the approved totals")},
        {QStringLiteral("no_consent"), QStringLiteral("the investor has not agreed")}};
    if (effect == u"would send")
        return kind == u"reversal" ? QStringLiteral("would hand over") : effect;
    if (effect == u"inserted")
        return kind == u"claw-back" ? QStringLiteral("would take it back from the balance")
                                    : QStringLiteral("would write the refund row");
    if (effect == u"recorded")
        return QStringLiteral("would record the write-off");
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

QString runCommand(qint64 batchId, const QString &kind,
                   const std::optional<exec::MoneyDestination> &destination,
                   const QString &environment, const QString &connection)
{
    const QString db = QStringLiteral("--db ") + shellQuoted(connection);
    QStringList run = {QStringLiteral("payops"), QStringLiteral("batch"), QStringLiteral("run"),
                       QString::number(batchId)};
    QStringList lines;
    if (destination && destination->adapter == u"http") {
        // The key is the operator's: from the keychain or the environment, never argv.
        lines << QStringLiteral("# The key of %1: stored once in this machine's keychain (read "
                                "from standard input),")
                     .arg(destination->name)
              << QStringLiteral("payops provider-key --destination %1 %2")
                     .arg(shellQuoted(destination->name), db)
              << QStringLiteral("# or given to an unattended run as PAYOPS_PROVIDER_KEY=<the key "
                                "of %1>.")
                     .arg(destination->name);
    } else if (destination && destination->adapter == u"file") {
        lines << QStringLiteral("# Hands the items to %1 as files in <DIR>; when it answers, "
                                "the same with --results <RESULTS.csv>.")
                     .arg(destination->address);
        run << QStringLiteral("--handover-dir") << QStringLiteral("<DIR>");
    } else if (kind == u"claw-back") {
        lines << QStringLiteral("# Takes back what the agreed investors' balances hold; the "
                                "others wait: run again as support records agreements.");
    }
    // Production asks for its name, typed (payops batch run refuses without).
    if (environment == u"production")
        run << QStringLiteral("--confirm-environment") << QStringLiteral("production");
    lines << run.join(QLatin1Char(' ')) + QLatin1Char(' ') + db;
    return lines.join(QLatin1Char('\n'));
}

} // namespace payops::money_words
