#include "workspace/money_jobs.h"

#include "core/finding.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "detect/profile_fragments.h"
#include "exec/money_destinations.h"
#include "money/clawback_planner.h"
#include "money/ledger_refunds.h"
#include "money/money_batch.h"
#include "money/refund_planner.h"
#include "money/reversal_planner.h"
#include "ops/batch_review.h"
#include "ops/case_checks.h"
#include "ops/cases.h"
#include "outreach/clawback_drafts.h"
#include "outreach/plan_roster.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace payops::workspace {

namespace {

// The names a column that says who moved a payment's money goes by, most
// telling first. The schema profile has no role for it (docs/PROFILES.md),
// so the catalog is asked; the demo's payments have "provider".
const QStringList kProviderColumns = {QStringLiteral("acquirer"), QStringLiteral("provider"),
                                      QStringLiteral("psp"), QStringLiteral("gateway")};

// {"id": 5} -> "5": the one value of an item's canonical key JSON.
QString keyValue(const QJsonObject &key)
{
    if (key.isEmpty())
        return {};
    const QJsonValue value = key.begin().value();
    return value.isDouble() ? QString::number(value.toInteger()) : value.toString();
}

QString keyValue(const QString &keyJson)
{
    return keyValue(QJsonDocument::fromJson(keyJson.toUtf8()).object());
}

// The fragments workspace/*.sql take: the profile's charges, refunds and
// accounts, quoted as the detectors quote them.
QHash<QString, QString> fragments(const schema::SchemaProfile &profile)
{
    const detect::ScanOptions everything;
    QHash<QString, QString> f = detect::accountFragments(profile);
    f.insert(detect::recordFragments(profile, QStringLiteral("charges"), QStringLiteral("charge"),
                                     QStringLiteral("c"), everything));
    f.insert(detect::recordFragments(profile, QStringLiteral("refunds"), QStringLiteral("refund"),
                                     QStringLiteral("r"), everything));
    return f;
}

QString providerColumn(db::Session &live, const QString &schema, const QString &table)
{
    const ResultTable found =
        live.query(db::sqlResource(QStringLiteral("workspace/provider_column")),
                   {db::qualifiedTable(schema, table), db::textArrayLiteral(kProviderColumns)});
    return found.rowCount() > 0 ? found.rows[0][0] : QString();
}

// Who moved each item's money, when a column of the refunds (for a
// reversal) or of the charges says so; the column's name, else empty.
QString readProviders(db::Session &live, const schema::SchemaProfile &profile, bool reversal,
                      PlannedMoney &planned)
{
    const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
    const schema::TableMap &refunds = profile.table(QStringLiteral("refunds"));
    const QString onRefund =
        reversal ? providerColumn(live, profile.schema, refunds.table) : QString();
    const QString onCharge = providerColumn(live, profile.schema, charges.table);
    planned.providers = QStringList(planned.keys.size(), QString());
    if (onRefund.isEmpty() && onCharge.isEmpty())
        return {};
    const QString keys = db::textArrayLiteral(planned.keys);
    const ResultTable rows =
        reversal ? live.query(
                       db::renderSql(db::sqlResource(QStringLiteral("workspace/refund_providers")),
                                     fragments(profile)),
                       {keys, onRefund, onCharge}) // a null name is SQL NULL
                 : live.query(
                       db::renderSql(db::sqlResource(QStringLiteral("workspace/charge_providers")),
                                     fragments(profile)),
                       {keys, onCharge});
    QHash<QString, QString> byKey;
    for (const auto &row : rows.rows)
        byKey.insert(row[0], row[1]);
    for (int i = 0; i < planned.keys.size(); ++i)
        planned.providers[i] = byKey.value(planned.keys[i]);
    const QString table = onRefund.isEmpty() ? charges.table : refunds.table;
    return QStringLiteral("%1.%2.%3")
        .arg(profile.schema, table, onRefund.isEmpty() ? onCharge : onRefund);
}

void readContacts(db::Session &live, const schema::SchemaProfile &profile,
                  const QSet<QString> &accounts, PlannedMoney &planned)
{
    if (!profile.table(QStringLiteral("accounts")).isMapped() || accounts.isEmpty())
        return;
    const ResultTable rows =
        live.query(db::renderSql(db::sqlResource(QStringLiteral("workspace/account_contacts")),
                                 fragments(profile)),
                   {db::textArrayLiteral(QStringList(accounts.cbegin(), accounts.cend()))});
    for (int r = 0; r < rows.rowCount(); ++r)
        planned.contacts.insert(
            rows.value(r, QStringLiteral("account")),
            {rows.value(r, QStringLiteral("email")), rows.value(r, QStringLiteral("name"))});
}

// The planner's remedy names the command line's option; the wizard has a box for it.
UserError withWizardRemedy(const UserError &e, const QString &box)
{
    return UserError(e.problem(), e.remedy().contains(QStringLiteral("--ledger-set"))
                                      ? QStringLiteral("Give each a value under “%1” "
                                                       "(COLUMN=VALUE, one a line); nothing was "
                                                       "planned.")
                                            .arg(box)
                                      : e.remedy());
}

// The payout a claw-back or write-off item is against: its money member's
// target (a claw-back item's own key is the new balance movement's).
QString payoutOf(const money::MoneyItem &item)
{
    return keyValue(QJsonDocument::fromJson(item.change.toUtf8())
                        .object()
                        .value(QStringLiteral("money"))
                        .toObject()
                        .value(QStringLiteral("target_key"))
                        .toObject());
}

PlannedMoney planClawback(db::Session &live, const schema::SchemaProfile &profile,
                          const MoneyRequest &request, const db::JobProgress &progress)
{
    progress.report(5, QStringLiteral("Reading the payouts the rows name, what each investor "
                                      "holds now and what moved out since…"));
    money::ClawbackPlan plan;
    try {
        plan = money::planClawbacks(live, profile, request.rowsSql, request.ledgerValues);
    } catch (const UserError &e) {
        throw withWizardRemedy(e, QStringLiteral("Values for the balance movements"));
    }
    PlannedMoney planned;
    planned.request = request;
    planned.plan = plan.recover;
    planned.writeOff = plan.writeOff;
    planned.people = plan.people;
    for (const money::MoneyItem &item : plan.recover.items)
        planned.keys << payoutOf(item);
    for (const money::MoneyItem &item : plan.writeOff.items)
        planned.writeOffKeys << payoutOf(item);
    planned.providers = QStringList(planned.keys.size(), QString());
    progress.report(70, QStringLiteral("Reading the investors' contacts…"));
    QSet<QString> accounts;
    for (const money::ClawbackPerson &person : plan.people)
        accounts.insert(person.account);
    readContacts(live, profile, accounts, planned);
    return planned;
}

} // namespace

db::DbWorker::Job planMoneyJob(const MoneyRequest &request, const schema::SchemaProfile &profile)
{
    return [request, profile](db::Session &live, const db::JobProgress &progress) {
        if (request.operation == MoneyOperation::Clawback)
            return QVariant::fromValue(planClawback(live, profile, request, progress));
        const bool reversal = request.operation == MoneyOperation::Reversal;
        progress.report(5, reversal ? QStringLiteral("Reading the refunds the rows name…")
                                    : QStringLiteral("Reading the charges the rows name, and "
                                                     "what may still be refunded of each…"));
        // The operator's SQL runs on this read-only session, wrapped by the
        // planner as payops money plan wraps it.
        money::MoneyPlan plan = reversal ? money::planReversals(live, profile, request.rowsSql)
                                         : money::planRefunds(live, profile, request.rowsSql);
        PlannedMoney planned;
        planned.request = request;
        planned.keys.reserve(plan.items.size());
        for (const money::MoneyItem &item : plan.items)
            planned.keys << keyValue(item.targetKey);
        planned.plan = plan;
        progress.report(50, QStringLiteral("Reading who moved the money…"));
        planned.providerColumn = readProviders(live, profile, reversal, planned);
        progress.report(70, QStringLiteral("Reading the accounts' contacts…"));
        readContacts(live, profile, planned.plan.accounts, planned);
        if (!reversal && request.ledger) {
            progress.report(85, QStringLiteral("Writing the refunds as rows of the ledger…"));
            try {
                planned.plan = money::asLedgerRefunds(live, profile, plan, request.ledgerValues);
            } catch (const UserError &e) {
                throw withWizardRemedy(e, QStringLiteral("Values for the refunds table"));
            }
        }
        return QVariant::fromValue(planned);
    };
}

db::DbWorker::Job moneyBindingJob(const QString &profileEnvironment)
{
    return [profileEnvironment](db::Session &session, const db::JobProgress &) {
        MoneyBinding binding;
        binding.environment = ops::batchEnvironment(session, profileEnvironment);
        const ResultTable bound =
            session.query(db::sqlResource(QStringLiteral("workspace/batch_binding")));
        binding.databaseName = bound.value(0, QStringLiteral("database_name"));
        binding.systemIdentifier = bound.value(0, QStringLiteral("system_identifier"));
        const ResultTable registered =
            session.query(db::sqlResource(QStringLiteral("workspace/money_destinations")));
        for (int r = 0; r < registered.rowCount(); ++r)
            binding.destinations.append({registered.value(r, QStringLiteral("name")),
                                         registered.value(r, QStringLiteral("adapter")),
                                         registered.value(r, QStringLiteral("address")),
                                         registered.value(r, QStringLiteral("environment")),
                                         registered.value(r, QStringLiteral("credential_sha256"))});
        return QVariant::fromValue(binding);
    };
}

namespace {

qint64 caseFor(db::Session &session, qint64 caseId, const std::optional<Finding> &finding,
               const QString &newCaseTitle)
{
    qint64 into = caseId;
    if (into == 0 && finding)
        into = ops::openCaseFromFinding(session, *finding);
    else if (into == 0 && !newCaseTitle.trimmed().isEmpty())
        into = ops::createCase(session, newCaseTitle.trimmed(), QStringLiteral("high"));
    if (into == 0)
        throw UserError(QStringLiteral("No case was chosen for the money batch."),
                        QStringLiteral("Pick a case, or give the new case a title; nothing "
                                       "was drafted."));
    return into;
}

void draftClawbackInto(db::Session &session, const schema::SchemaProfile &profile,
                       const PlannedMoney &planned, const QString &note, const QString &environment,
                       DraftedMoney &drafted)
{
    money::ClawbackPlan plan;
    plan.recover = planned.plan;
    plan.writeOff = planned.writeOff;
    plan.people = planned.people;
    // The case-work session reads the contacts as it writes: the same person.
    const outreach::ClawbackDrafts drafts =
        outreach::draftClawback(session, session, profile, drafted.caseId, plan, environment, note);
    drafted.rostered = drafts.rostered;
    if (drafts.clawbackBatch > 0)
        drafted.batches.append({drafts.clawbackBatch, QStringLiteral("claw-back"), QString(),
                                QString(), planned.plan, planned.keys});
    if (drafts.writeOffBatch > 0)
        drafted.batches.append({drafts.writeOffBatch, QStringLiteral("write-off"), QString(),
                                QString(), planned.writeOff, planned.writeOffKeys});
}

void draftBatchesInto(db::Session &session, const schema::SchemaProfile &profile,
                      const PlannedMoney &planned, const QVector<MoneyDraft> &drafts,
                      const QString &environment, DraftedMoney &drafted)
{
    for (const MoneyDraft &draft : drafts) {
        try {
            const qint64 batch = money::draftMoneyBatch(session, drafted.caseId, draft.plan,
                                                        draft.description.left(2000), environment,
                                                        draft.destination);
            drafted.batches.append({batch, draft.plan.operation, draft.destination, draft.group,
                                    draft.plan, draft.keys});
        } catch (const UserError &e) {
            if (drafted.batches.isEmpty())
                throw;
            // The earlier ones are drafts of the case already: say so.
            QStringList made;
            for (const DraftedBatch &b : drafted.batches)
                made << QString::number(b.id);
            throw UserError(e.problem(),
                            QStringLiteral("Batches %1 were drafted into case %2 before this and "
                                           "stay drafts there; %3")
                                .arg(made.join(QStringLiteral(", ")))
                                .arg(drafted.caseId)
                                .arg(e.remedy()));
        }
    }
    // The people to apologise to: support's list, from the whole plan.
    drafted.rostered = outreach::rosterFromPlan(session, session, profile, drafted.caseId,
                                                planned.plan, outreach::planIncident(planned.plan));
    // Every refunded account is looked at again once the money is back.
    if (planned.plan.operation == u"refund")
        drafted.rechecks = ops::addCaseChecks(
            session, drafted.caseId,
            QStringList(planned.plan.accounts.cbegin(), planned.plan.accounts.cend()));
}

} // namespace

db::DbWorker::Job draftMoneyJob(qint64 caseId, const std::optional<Finding> &finding,
                                const QString &newCaseTitle, const PlannedMoney &planned,
                                const QVector<MoneyDraft> &drafts, const QString &note,
                                const schema::SchemaProfile &profile,
                                const QString &profileEnvironment)
{
    return [caseId, finding, newCaseTitle, planned, drafts, note, profile,
            profileEnvironment](db::Session &session, const db::JobProgress &) {
        if (planned.request.operation != MoneyOperation::Clawback && drafts.isEmpty())
            throw UserError(QStringLiteral("No batch was asked for."),
                            QStringLiteral("Pick where the money goes; nothing was drafted."));
        DraftedMoney drafted;
        drafted.caseId = caseFor(session, caseId, finding, newCaseTitle);
        // The database's own environment label wins, as on the command line.
        const QString environment = ops::batchEnvironment(session, profileEnvironment);
        if (planned.request.operation == MoneyOperation::Clawback)
            draftClawbackInto(session, profile, planned, note, environment, drafted);
        else
            draftBatchesInto(session, profile, planned, drafts, environment, drafted);
        return QVariant::fromValue(drafted);
    };
}

db::DbWorker::Job batchMoneyJob(qint64 batchId, const schema::SchemaProfile &profile)
{
    return [batchId, profile](db::Session &session, const db::JobProgress &) {
        const schema::TableMap &charges = profile.table(QStringLiteral("charges"));
        BatchMoney money;
        if (!charges.isMapped())
            return QVariant::fromValue(money);
        // A ledger item names the charge it refunds as the planner wrote
        // it: schema.table and the key's column (money/ledger_refunds.cpp).
        const ResultTable row = session.query(
            db::renderSql(db::sqlResource(QStringLiteral("workspace/batch_money")),
                          fragments(profile)),
            {QString::number(batchId), profile.schema + QLatin1Char('.') + charges.table,
             charges.column(QStringLiteral("key"))});
        money.providerItems = row.value(0, QStringLiteral("provider_items")).toLongLong();
        money.ledgerItems = row.value(0, QStringLiteral("ledger_items")).toLongLong();
        money.recordItems = row.value(0, QStringLiteral("record_items")).toLongLong();
        money.operations =
            row.value(0, QStringLiteral("operations")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        money.accounts = row.value(0, QStringLiteral("accounts")).toLongLong();
        money.destinationNames = row.value(0, QStringLiteral("destinations"))
                                     .split(QLatin1Char(','), Qt::SkipEmptyParts);
        // What the database registered of each, as a run will find it; a
        // name it does not know stays a name, and the review says so.
        for (const QString &name : money.destinationNames) {
            try {
                money.destinations.append(exec::moneyDestination(session, name));
            } catch (const UserError &) {
            }
        }
        return QVariant::fromValue(money);
    };
}

} // namespace payops::workspace
