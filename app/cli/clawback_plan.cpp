#include "cli/clawback_plan.h"

#include "core/connection_profile.h"
#include "core/money.h"
#include "db/session.h"
#include "money/clawback_planner.h"
#include "ops/batch_review.h"
#include "outreach/clawback_drafts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QString money(qint64 minor, const QString &currency)
{
    return payops::Money{minor, currency}.toDisplayString();
}

QJsonObject totalsJson(const payops::MoneyTotals &totals)
{
    QJsonObject o;
    for (const QString &currency : totals.currencies())
        o.insert(currency, QString::number(totals.minorFor(currency)));
    return o;
}

void printPlan(CliContext &context, const payops::money::ClawbackPlan &plan, const QString &format,
               qint64 clawbackBatch, qint64 writeOffBatch, int rostered)
{
    if (format == u"json") {
        QJsonArray people;
        for (const auto &p : plan.people)
            people.append(QJsonObject{
                {QStringLiteral("account"), p.account},
                {QStringLiteral("currency"), p.currency},
                {QStringLiteral("duplicate_minor"), QString::number(p.duplicateMinor)},
                {QStringLiteral("balance_minor"), QString::number(p.balanceMinor)},
                {QStringLiteral("moved_out_minor"), QString::number(p.movedOutMinor)},
                {QStringLiteral("recoverable_minor"), QString::number(p.recoverableMinor)},
                {QStringLiteral("unrecoverable_minor"), QString::number(p.unrecoverableMinor())}});
        QJsonArray skipped;
        for (const auto &s : plan.recover.skipped)
            skipped.append(QJsonObject{{QStringLiteral("key"), s.key},
                                       {QStringLiteral("reason"), s.reason},
                                       {QStringLiteral("detail"), s.detail}});
        const auto batch = [](qint64 id) {
            return id > 0 ? QJsonValue(double(id)) : QJsonValue();
        };
        context.out
            << QJsonDocument(
                   QJsonObject{
                       {QStringLiteral("format"), QStringLiteral("payops-clawback-plan/1")},
                       {QStringLiteral("people"), people},
                       {QStringLiteral("recoverable_minor"), totalsJson(plan.recover.totals)},
                       {QStringLiteral("unrecoverable_minor"), totalsJson(plan.writeOff.totals)},
                       {QStringLiteral("claw_back_items"), plan.recover.items.size()},
                       {QStringLiteral("write_off_items"), plan.writeOff.items.size()},
                       {QStringLiteral("skipped"), skipped},
                       {QStringLiteral("claw_back_batch"), batch(clawbackBatch)},
                       {QStringLiteral("write_off_batch"), batch(writeOffBatch)},
                       {QStringLiteral("rostered"), rostered}})
                   .toJson(QJsonDocument::Indented);
        return;
    }
    payops::MoneyTotals paidTwice;
    for (const auto &p : plan.people)
        paidTwice.add(p.currency, p.duplicateMinor);
    context.out << "Claw-back plan: " << payops::formatCount(plan.people.size())
                << " people paid twice " << paidTwice.toDisplayString() << "; recoverable now "
                << (plan.recover.totals.isEmpty() ? QStringLiteral("nothing")
                                                  : plan.recover.totals.toDisplayString())
                << ", not recoverable "
                << (plan.writeOff.totals.isEmpty() ? QStringLiteral("nothing")
                                                   : plan.writeOff.totals.toDisplayString())
                << ".\n";
    context.out << "account\tpaid twice\tbalance now\tmoved out since\trecoverable\twrite-off\n";
    for (const auto &p : plan.people)
        context.out << p.account << '\t' << money(p.duplicateMinor, p.currency) << '\t'
                    << money(p.balanceMinor, p.currency) << '\t'
                    << money(p.movedOutMinor, p.currency) << '\t'
                    << money(p.recoverableMinor, p.currency) << '\t'
                    << money(p.unrecoverableMinor(), p.currency) << '\n';
    for (const auto &s : plan.recover.skipped)
        context.out << "  left out " << s.key << ": " << s.detail << '\n';
    if (clawbackBatch > 0)
        context.out << "claw_back_batch=" << clawbackBatch << '\n';
    if (writeOffBatch > 0)
        context.out << "write_off_batch=" << writeOffBatch << '\n';
}

} // namespace

int planClawback(CliContext &context, const QCommandLineParser &parser,
                 const payops::ConnectionProfile &liveProfile, payops::db::Session &live,
                 const payops::schema::SchemaProfile &profile,
                 const QMap<QString, QString> &ledgerValues, const QString &format)
{
    const payops::money::ClawbackPlan plan = payops::money::planClawbacks(
        live, profile, parser.value(QStringLiteral("payouts-of-rows")), ledgerValues);
    qint64 clawbackBatch = 0;
    qint64 writeOffBatch = 0;
    int rostered = 0;
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
        const payops::outreach::ClawbackDrafts drafts = payops::outreach::draftClawback(
            live, operatorSession, profile, caseId, plan, environment);
        clawbackBatch = drafts.clawbackBatch;
        writeOffBatch = drafts.writeOffBatch;
        rostered = drafts.rostered;
        context.err << payops::formatCount(rostered) << " people added to the roster of case "
                    << caseId << ". Drafts: claw-back " << clawbackBatch << ", write-off "
                    << writeOffBatch
                    << ". Next: payops batch submit each; the claw-back takes from a person only "
                       "once support records that they agreed (payops outreach record).\n";
    }
    printPlan(context, plan, format, clawbackBatch, writeOffBatch, rostered);
    return ExitOk;
}
