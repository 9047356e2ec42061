#include "cli/money_command.h"

#include "cli/clawback_plan.h"
#include "cli/schema_profile_option.h"
#include "core/result_table.h"
#include "db/session.h"
#include "money/ledger_refunds.h"
#include "money/money_batch.h"
#include "money/refund_planner.h"
#include "money/reversal_planner.h"
#include "ops/batch_review.h"
#include "ops/case_checks.h"
#include "outreach/plan_roster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

void printPlan(CliContext &context, const payops::money::MoneyPlan &plan, const QString &format,
               qint64 batch)
{
    if (format == u"json") {
        QJsonArray items, skipped;
        QJsonObject totals;
        for (const auto &item : plan.items)
            items.append(
                QJsonObject{{QStringLiteral("target_table"), item.targetTable},
                            {QStringLiteral("target_key"), item.targetKey},
                            {QStringLiteral("account"), item.account},
                            {QStringLiteral("amount_minor"), QString::number(item.amountMinor)},
                            {QStringLiteral("currency"), item.currency}});
        for (const auto &s : plan.skipped)
            skipped.append(QJsonObject{{QStringLiteral("key"), s.key},
                                       {QStringLiteral("reason"), s.reason},
                                       {QStringLiteral("detail"), s.detail}});
        for (const QString &currency : plan.totals.currencies())
            totals.insert(currency, QString::number(plan.totals.minorFor(currency)));
        context.out << QJsonDocument(
                           QJsonObject{
                               {QStringLiteral("format"), QStringLiteral("payops-money-plan/1")},
                               {QStringLiteral("operation"), plan.operation},
                               {QStringLiteral("batch"),
                                batch > 0 ? QJsonValue(double(batch)) : QJsonValue()},
                               {QStringLiteral("accounts"), double(plan.accounts.size())},
                               {QStringLiteral("totals_minor"), totals},
                               {QStringLiteral("items"), items},
                               {QStringLiteral("skipped"), skipped}})
                           .toJson(QJsonDocument::Indented);
        return;
    }
    context.out << "Money plan: " << plan.summary() << ".\n";
    for (const auto &s : plan.skipped)
        context.out << "  left out " << s.key << ": " << s.detail << '\n';
    if (batch > 0)
        context.out << "batch=" << batch << '\n';
}

} // namespace

int runMoneyCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("plan"));
    parser.addPositionalArgument(QStringLiteral("operation"),
                                 QStringLiteral("refund, reversal or claw-back"));
    context.addDatabaseOption(parser);
    const SchemaProfileOption schemaProfileOption(
        parser, QStringLiteral("Schema profile of the database (default: the demo's)."));
    parser.addOption({QStringLiteral("charges-of-rows"),
                      QStringLiteral("refund: the charges in the \"charge\" column of these rows "
                                     "(read-only SQL: a finding's rows, joined as need be)."),
                      QStringLiteral("SQL")});
    parser.addOption({QStringLiteral("refunds-of-rows"),
                      QStringLiteral("reversal: the refunds in the \"refund\" column of these rows "
                                     "(read-only SQL: a finding's rows)."),
                      QStringLiteral("SQL")});
    parser.addOption({QStringLiteral("payouts-of-rows"),
                      QStringLiteral("claw-back: the duplicate payouts in the \"payout\" column of "
                                     "these rows (read-only SQL: a paid-twice finding's rows)."),
                      QStringLiteral("SQL")});
    parser.addOption({QStringLiteral("destination"),
                      QStringLiteral("refund, reversal: where the money goes, a destination "
                                     "registered on the database (payops allow-money "
                                     "--destination)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("ledger"),
                      QStringLiteral("refund: write the refunds into the billing database's own "
                                     "refunds table (no provider), capped like any refund.")});
    parser.addOption({QStringLiteral("ledger-set"),
                      QStringLiteral("refund --ledger: a value for a column of the refunds table "
                                     "the schema profile does not map (repeatable)."),
                      QStringLiteral("COLUMN=VALUE")});
    parser.addOption({QStringLiteral("case"),
                      QStringLiteral("Draft the plan as a batch of this case (as the --db user, "
                                     "an operator)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("description"), QStringLiteral("The batch's description."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("text or json (default text)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops money plan refund: plan refunding the charges some "
                                      "rows name, each for what may still be refunded; with "
                                      "--case, draft it as a batch for approval, executed by "
                                      "payops batch run --provider."),
                       exitCode) ||
        !schemaProfileOption.check(context, exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    const bool refund =
        positional == QStringList{QStringLiteral("plan"), QStringLiteral("refund")} &&
        parser.isSet(QStringLiteral("charges-of-rows"));
    const bool reversal =
        positional == QStringList{QStringLiteral("plan"), QStringLiteral("reversal")} &&
        parser.isSet(QStringLiteral("refunds-of-rows"));
    const bool clawback =
        positional == QStringList{QStringLiteral("plan"), QStringLiteral("claw-back")} &&
        parser.isSet(QStringLiteral("payouts-of-rows"));
    if (!refund && !reversal && !clawback) {
        context.err << "payops money takes plan refund --charges-of-rows SQL, plan reversal "
                       "--refunds-of-rows SQL, or plan claw-back --payouts-of-rows SQL (payops "
                       "money --help).\n";
        return ExitUsage;
    }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != u"json" && format != u"text") {
        context.err << "--format takes json or text, not \"" << format << "\".\n";
        return ExitUsage;
    }
    const payops::ConnectionProfile liveProfile = context.databaseFrom(parser);
    payops::db::Session live(liveProfile, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops money"));
    QMap<QString, QString> ledgerValues;
    for (const QString &given : parser.values(QStringLiteral("ledger-set"))) {
        if (!given.contains(u'=')) {
            context.err << "--ledger-set takes COLUMN=VALUE, not \"" << given << "\".\n";
            return ExitUsage;
        }
        ledgerValues.insert(given.section(u'=', 0, 0), given.section(u'=', 1));
    }
    if (clawback)
        return planClawback(context, parser, liveProfile, live, schemaProfileOption.load(),
                            ledgerValues, format);
    payops::money::MoneyPlan plan =
        refund ? payops::money::planRefunds(live, schemaProfileOption.load(),
                                            parser.value(QStringLiteral("charges-of-rows")))
               : payops::money::planReversals(live, schemaProfileOption.load(),
                                              parser.value(QStringLiteral("refunds-of-rows")));
    if (refund && parser.isSet(QStringLiteral("ledger")))
        plan = payops::money::asLedgerRefunds(live, schemaProfileOption.load(), plan, ledgerValues);
    qint64 batch = 0;
    if (parser.isSet(QStringLiteral("case"))) {
        bool caseOk = false;
        const qint64 caseId = parser.value(QStringLiteral("case")).toLongLong(&caseOk);
        if (!caseOk) {
            context.err << "--case takes a case number.\n";
            return ExitUsage;
        }
        payops::db::SessionOptions writable;
        writable.readOnly = false;
        writable.purpose = QStringLiteral("money plan");
        payops::db::Session operatorSession(liveProfile, QString(), writable,
                                            QStringLiteral("payops money"));
        const QString environment =
            payops::ops::batchEnvironment(operatorSession, liveProfile.environmentLabel);
        batch = payops::money::draftMoneyBatch(
            operatorSession, caseId, plan,
            parser.isSet(QStringLiteral("description"))
                ? parser.value(QStringLiteral("description"))
                : QStringLiteral("%1: %2.").arg(refund ? QStringLiteral("Refunds")
                                                       : QStringLiteral("Reversals"),
                                                plan.summary()),
            environment, parser.value(QStringLiteral("destination")));
        // The people to apologise to: support's list, from the same plan.
        const int rostered =
            payops::outreach::rosterFromPlan(live, operatorSession, schemaProfileOption.load(),
                                             caseId, plan, payops::outreach::planIncident(plan));
        // Every refunded account is looked at again once the money is back.
        const int rechecks = refund ? payops::ops::addCaseChecks(
                                          operatorSession, caseId,
                                          QStringList(plan.accounts.cbegin(), plan.accounts.cend()))
                                    : 0;
        context.err << "Batch " << batch << " is a draft of case " << caseId << "; "
                    << payops::formatCount(rostered)
                    << " people added to its roster (payops outreach list --case " << caseId << ")";
        if (rechecks > 0)
            context.err << ", " << payops::formatCount(rechecks)
                        << " accounts to its re-check list (payops case checks " << caseId << ")";
        context.err << ". Next: payops batch submit " << batch << ".\n";
    }
    printPlan(context, plan, format, batch);
    return ExitOk;
}
