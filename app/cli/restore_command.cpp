#include "cli/restore_command.h"

#include "cli/backup_options.h"
#include "cli/interrupt.h"
#include "cli/schema_profile_option.h"
#include "core/connection_secrets.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "db/sql_resource.h"
#include "db/sql_text.h"
#include "diff/backup_comparison.h"
#include "diff/user_diff.h"
#include "ops/batch_review.h"
#include "ops/cases.h"
#include "restore/restore_batch.h"
#include "restore/restore_planner.h"
#include "restore/restore_verify.h"
#include "restore/user_changes.h"
#include "schema/schema_profile.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

payops::db::SessionOptions writable(const QString &purpose)
{
    payops::db::SessionOptions options;
    options.readOnly = false;
    options.purpose = purpose;
    options.statementTimeoutMs = 10 * 60 * 1000;
    return options;
}

// --field accounts.email: table -> columns.
bool parseFields(CliContext &context, const QStringList &given, QMap<QString, QStringList> &fields)
{
    for (const QString &field : given) {
        const QString table = field.section(QLatin1Char('.'), 0, -2);
        const QString column = field.section(QLatin1Char('.'), -1);
        if (table.isEmpty() || column.isEmpty()) {
            context.err
                << "--field takes TABLE.COLUMN, such as support_conversations.status, not \""
                << field << "\".\n";
            return false;
        }
        fields[table] << column;
    }
    return true;
}

// The tables a selection needs compared: those named, the fields' tables,
// and, for users, every table that holds an account's key.
QStringList tablesToCompare(payops::db::Session &live, const payops::schema::SchemaProfile &profile,
                            const QStringList &tables, const QMap<QString, QStringList> &fields,
                            bool users)
{
    QStringList wanted = tables;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        if (!wanted.contains(it.key()))
            wanted << it.key();
    if (users && tables.isEmpty())
        for (const payops::diff::UserTable &t : payops::diff::userTablesFromProfile(live, profile))
            if (!wanted.contains(t.table))
                wanted << t.table;
    return wanted;
}

// batch: the draft the plan became (0: none).
void printPlan(CliContext &context, const payops::restore::RestorePlan &plan, const QString &format,
               qint64 compareMs, qint64 planMs, qint64 batch)
{
    if (format == u"json") {
        QJsonArray items, conflicts, unresolved;
        for (const auto &item : plan.items)
            items.append(QJsonObject{
                {QStringLiteral("table"), item.table},
                {QStringLiteral("key"), item.key},
                {QStringLiteral("kind"), item.kind == payops::restore::PlanItem::Kind::Insert
                                             ? QStringLiteral("insert")
                                             : QStringLiteral("update")},
                {QStringLiteral("user"), item.user},
                {QStringLiteral("why"), item.why}});
        for (const auto &c : plan.conflicts)
            conflicts.append(QJsonObject{{QStringLiteral("table"), c.table},
                                         {QStringLiteral("key"), c.key},
                                         {QStringLiteral("reason"), c.reason},
                                         {QStringLiteral("detail"), c.detail}});
        for (const auto &u : plan.unresolved)
            unresolved.append(
                QJsonObject{{QStringLiteral("table"), u.table}, {QStringLiteral("key"), u.key}});
        QJsonObject perReason, unresolvedPerTable, money;
        QJsonArray perTableList;
        for (const auto &[table, n] : plan.itemsPerTable())
            perTableList.append(QJsonObject{{QStringLiteral("table"), table},
                                            {QStringLiteral("items"), double(n)}});
        for (auto [k, v] : plan.conflictsPerReason().asKeyValueRange())
            perReason.insert(k, double(v));
        for (auto [k, v] : plan.unresolvedPerTable().asKeyValueRange())
            unresolvedPerTable.insert(k, double(v));
        for (const QString &currency : plan.money.currencies())
            money.insert(currency, QString::number(plan.money.minorFor(currency)));
        context.out << QJsonDocument(
                           QJsonObject{
                               {QStringLiteral("format"), QStringLiteral("payops-restore-plan/1")},
                               {QStringLiteral("batch"),
                                batch > 0 ? QJsonValue(double(batch)) : QJsonValue()},
                               {QStringLiteral("changed_before_incident"),
                                double(plan.changedBeforeIncident)},
                               {QStringLiteral("items_per_table"), perTableList},
                               {QStringLiteral("conflicts_per_reason"), perReason},
                               {QStringLiteral("unresolved_per_table"), unresolvedPerTable},
                               {QStringLiteral("users"), double(plan.users.size())},
                               {QStringLiteral("money_minor"), money},
                               {QStringLiteral("table_order"),
                                QJsonArray::fromStringList(plan.tableOrder)},
                               {QStringLiteral("cycles"), QJsonArray::fromStringList(plan.cycles)},
                               {QStringLiteral("compare_ms"), double(compareMs)},
                               {QStringLiteral("plan_ms"), double(planMs)},
                               {QStringLiteral("items"), items},
                               {QStringLiteral("conflicts"), conflicts},
                               {QStringLiteral("unresolved"), unresolved}})
                           .toJson(QJsonDocument::Indented);
        return;
    }
    context.out << "Restore plan: " << plan.summary() << " (compared in " << compareMs / 1000.0
                << " s, planned in " << planMs / 1000.0 << " s).\n";
    context.out << "Items, in the order they run (rows put back parents first, then values):\n";
    for (const auto &[table, n] : plan.itemsPerTable())
        context.out << "  " << table << ": " << payops::formatCount(n) << '\n';
    if (!plan.money.isEmpty())
        context.out << "Money in the rows put back or given back: " << plan.money.toDisplayString()
                    << '\n';
    for (auto [reason, n] : plan.conflictsPerReason().asKeyValueRange())
        context.out << "Conflicts, " << reason << ": " << payops::formatCount(n)
                    << " (left alone)\n";
    int shown = 0;
    for (const auto &c : plan.conflicts)
        if (shown++ < 10)
            context.out << "  " << c.table << ' ' << c.key << ": " << c.detail << '\n';
    for (auto [table, n] : plan.unresolvedPerTable().asKeyValueRange())
        context.out
            << "Unresolved, " << table << ": " << payops::formatCount(n)
            << " rows created after the backup and parked on a sentinel account; the backup "
               "cannot say whose they were\n";
    if (plan.changedBeforeIncident > 0)
        context.out << "Left alone, changed before the incident (ordinary work since the backup): "
                    << payops::formatCount(plan.changedBeforeIncident) << '\n';
    for (const QString &cycle : plan.cycles)
        context.out << "Note: " << cycle << '\n';
    if (batch > 0)
        context.out << "batch=" << batch << '\n';
}

// When a plan for chosen accounts is empty because the backup never held
// them (created after it was taken, or a wrong key), say that, not "nothing
// to put back".
void refuseAccountsTheBackupLacks(payops::db::Session &backup,
                                  const payops::schema::SchemaProfile &profile,
                                  const QSet<QString> &users)
{
    const payops::schema::TableMap &accounts = profile.table(QStringLiteral("accounts"));
    QStringList quoted;
    for (const QString &user : users)
        quoted << QLatin1Char('"') + QString(user).remove(QLatin1Char('"')) + QLatin1Char('"');
    const payops::ResultTable known = backup.query(
        payops::db::renderSql(payops::db::sqlResource(QStringLiteral("restore/accounts_known")),
                              {{QStringLiteral("key"),
                                payops::db::quoteIdent(accounts.column(QStringLiteral("key")))},
                               {QStringLiteral("accounts"),
                                payops::db::qualifiedTable(profile.schema, accounts.table)}}),
        {QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']')});
    if (known.rowCount() > 0)
        return;
    QStringList names(users.cbegin(), users.cend());
    names.sort();
    throw payops::UserError(
        QStringLiteral("The backup holds no account %1.").arg(names.join(QStringLiteral(", "))),
        QStringLiteral("It was taken before the account existed, or the key is wrong: a restore "
                       "from this backup has nothing of it to put back. Choose an older backup "
                       "or check the key; no batch was made."));
}

// Drafts the plan as a batch of the case given with --case, as the --db
// user (an operator); its number.
qint64 draftBatch(QCommandLineParser &parser, const payops::ConnectionProfile &liveProfile,
                  const payops::diff::OpenedBackup &opened,
                  const payops::restore::RestorePlan &restorePlan)
{
    bool caseOk = false;
    const qint64 caseId = parser.value(QStringLiteral("case")).toLongLong(&caseOk);
    if (!caseOk)
        throw payops::UserError(
            QStringLiteral("--case takes a case number, not \"%1\".")
                .arg(parser.value(QStringLiteral("case"))),
            QStringLiteral("payops case list shows them; nothing was drafted."));
    payops::db::Session operatorSession(liveProfile, QString(),
                                        writable(QStringLiteral("restore plan")),
                                        QStringLiteral("payops restore"));
    const QString environment =
        payops::ops::batchEnvironment(operatorSession, liveProfile.environmentLabel);
    const QString description =
        parser.isSet(QStringLiteral("description"))
            ? parser.value(QStringLiteral("description"))
            : restorePlan.description(payops::withoutPassword(opened.backup().name));
    return payops::restore::draftRestoreBatch(operatorSession, caseId, restorePlan,
                                              description.left(2000), environment);
}

int plan(CliContext &context, QCommandLineParser &parser,
         const SchemaProfileOption &schemaProfileOption)
{
    const QString format = parser.value(QStringLiteral("format"));
    if (format != u"json" && format != u"text") {
        context.err << "--format takes json or text, not \"" << format << "\".\n";
        return ExitUsage;
    }
    QMap<QString, QStringList> fields;
    if (!parseFields(context, parser.values(QStringLiteral("field")), fields))
        return ExitUsage;
    payops::restore::RestoreSelection selection;
    const bool lostToSentinel = parser.isSet(QStringLiteral("lost-to-sentinel"));
    const bool usersOfRows = parser.isSet(QStringLiteral("users-of-rows"));
    QStringList users = parser.values(QStringLiteral("user"));
    if (!lostToSentinel && !usersOfRows && users.isEmpty() && fields.isEmpty() &&
        !parser.isSet(QStringLiteral("table"))) {
        context.err
            << "Say what to put back: --users-of-rows SQL (the accounts of a finding's rows), "
               "--lost-to-sentinel (the accounts whose records were parked on a sentinel), "
               "--user ID, --field TABLE.COLUMN or --table TABLE (every row deleted from "
               "it).\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("incident-window"))) {
        const QString window = parser.value(QStringLiteral("incident-window"));
        selection.incidentStart = payops::BackupSource::parseTime(window.section(u'/', 0, 0));
        selection.incidentEnd = payops::BackupSource::parseTime(window.section(u'/', 1));
        if (!window.contains(u'/') || !selection.incidentStart.isValid() ||
            !selection.incidentEnd.isValid() || selection.incidentEnd < selection.incidentStart) {
            context.err << "--incident-window takes FROM/TO, such as \"2026-04-20 06:00/2026-04-23 "
                           "00:00\" (UTC, as a finding's window says), not \""
                        << window << "\".\n";
            return ExitUsage;
        }
    }
    selection.fields = fields;
    // Only fields: changed rows get their values back, nothing is inserted.
    const bool onlyFields = !fields.isEmpty() && !lostToSentinel && !usersOfRows && users.isEmpty();
    selection.deletedRows = !onlyFields;
    selection.movedRows = !onlyFields;
    selection.tables = parser.values(QStringLiteral("table"));
    if (!selection.tables.isEmpty())
        for (auto it = fields.cbegin(); it != fields.cend(); ++it)
            if (!selection.tables.contains(it.key()))
                selection.tables << it.key();

    const payops::ConnectionProfile liveProfile = context.databaseFrom(parser);
    const auto opened = openChosenBackup(context, parser);
    payops::db::Session live(liveProfile, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops restore"));
    payops::db::Session &backup = opened->connect(QStringLiteral("payops restore"));
    const payops::schema::SchemaProfile profile = schemaProfileOption.load();
    if (usersOfRows) {
        // A finding's rows (their user_id column), read-only as any query here.
        const payops::ResultTable found =
            live.query(QStringLiteral("SELECT DISTINCT r.user_id::text FROM (\n") +
                       parser.value(QStringLiteral("users-of-rows")) +
                       QStringLiteral("\n) AS r WHERE r.user_id IS NOT NULL"));
        for (const auto &row : found.rows)
            users << row[0];
        if (found.rowCount() == 0)
            throw payops::UserError(
                QStringLiteral("The rows given with --users-of-rows name no account."),
                QStringLiteral("Give a finding's rows SQL, whose user_id column "
                               "holds the accounts; nothing was planned."));
    }
    selection.users = QSet<QString>(users.cbegin(), users.cend());
    QElapsedTimer clock;
    clock.start();
    payops::diff::BackupComparison comparison(live, backup, profile,
                                              tablesToCompare(live, profile, selection.tables,
                                                              fields,
                                                              lostToSentinel || !users.isEmpty()),
                                              opened->givenTime());
    context.err << "Comparing with " << payops::withoutPassword(opened->backup().name) << ", taken "
                << comparison.plan().backupTime.describe() << '\n';
    payops::restore::RestorePlanner planner(live, backup, profile, comparison.plan().tables);
    QVector<payops::diff::RowChange> changes;
    const QDateTime takenAt = comparison.plan().backupTime.takenAt;
    if ((lostToSentinel || !users.isEmpty()) && selection.tables.isEmpty()) {
        // Chosen accounts: their rows (and the sentinels'), not the whole database.
        if (lostToSentinel)
            selection.users =
                payops::restore::ownersParkedOnSentinels(live, backup, profile, planner, takenAt);
        changes = payops::restore::changesOfUsers(live, backup, profile, planner, selection.users,
                                                  takenAt);
    } else {
        comparison.run(
            [&](const payops::diff::RowChange &change) {
                if (planner.mayMatter(change))
                    changes.append(change);
            },
            {}, interruptFlag());
        if (lostToSentinel)
            selection.users = planner.ownersMovedToSentinels(changes);
    }
    const qint64 compareMs = clock.restart();
    const payops::restore::RestorePlan restorePlan = planner.plan(changes, selection);
    const qint64 planMs = clock.elapsed();
    if (restorePlan.items.isEmpty() && !selection.users.isEmpty())
        refuseAccountsTheBackupLacks(backup, profile, selection.users);
    qint64 batch = 0;
    if (parser.isSet(QStringLiteral("case")))
        batch = draftBatch(parser, liveProfile, *opened, restorePlan);
    printPlan(context, restorePlan, format, compareMs, planMs, batch);
    if (batch > 0)
        context.err << "Batch " << batch << " is a draft of case "
                    << parser.value(QStringLiteral("case")) << " with "
                    << payops::formatCount(restorePlan.items.size())
                    << " items. Next: payops batch dry-run " << batch
                    << ", then payops batch submit " << batch << ".\n";
    return ExitOk;
}

int verify(CliContext &context, QCommandLineParser &parser, qint64 batch)
{
    const payops::ConnectionProfile liveProfile = context.databaseFrom(parser);
    const auto opened = openChosenBackup(context, parser);
    payops::db::Session live(liveProfile, QString(), payops::db::SessionOptions(),
                             QStringLiteral("payops restore"));
    payops::db::Session &backup = opened->connect(QStringLiteral("payops restore"));
    const payops::restore::VerifyReport report =
        payops::restore::verifyRestore(live, backup, batch);
    context.out << "Batch " << batch << ": " << report.summary() << '\n';
    for (const QString &line : report.differing)
        context.out << "  " << line << '\n';
    if (parser.isSet(QStringLiteral("record"))) {
        payops::db::Session operatorSession(liveProfile, QString(),
                                            writable(QStringLiteral("restore verify")),
                                            QStringLiteral("payops restore"));
        const payops::ops::BatchReview review =
            payops::ops::loadBatchReview(operatorSession, batch);
        payops::ops::addCaseNote(
            operatorSession, review.caseId,
            QStringLiteral("Verified batch %1 against %2: %3")
                .arg(batch)
                .arg(payops::withoutPassword(opened->backup().name), report.summary()));
    }
    return report.holds() ? ExitOk : ExitFindings;
}

} // namespace

int runRestoreCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("plan or verify"));
    parser.addPositionalArgument(QStringLiteral("batch"),
                                 QStringLiteral("verify: the batch number."),
                                 QStringLiteral("[ID]"));
    context.addDatabaseOption(parser);
    addBackupOptions(parser);
    const SchemaProfileOption schemaProfileOption(
        parser, QStringLiteral("Schema profile of the database (default: the demo's)."));
    parser.addOption(
        {QStringLiteral("lost-to-sentinel"),
         QStringLiteral("plan: the accounts whose records were parked on a sentinel account, "
                        "with everything of theirs deleted or moved since the backup.")});
    parser.addOption({QStringLiteral("users-of-rows"),
                      QStringLiteral("plan: the accounts in the user_id column of these rows: a "
                                     "finding's rows SQL, as the console and payops scan --format "
                                     "json show it (read-only)."),
                      QStringLiteral("SQL")});
    parser.addOption({QStringLiteral("user"),
                      QStringLiteral("plan: this account's rows (repeatable)."),
                      QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("table"),
         QStringLiteral("plan: only this table (repeatable); alone, every row deleted from it."),
         QStringLiteral("TABLE")});
    parser.addOption(
        {QStringLiteral("field"),
         QStringLiteral("plan: put this column of changed rows back (TABLE.COLUMN, repeatable)."),
         QStringLiteral("TABLE.COLUMN")});
    parser.addOption(
        {QStringLiteral("incident-window"),
         QStringLiteral("plan: the incident's window, FROM/TO: a changed row last changed "
                        "(updated_at) after TO changed again since, a conflict never overwritten; "
                        "one last changed before FROM is ordinary work, left alone."),
         QStringLiteral("FROM/TO")});
    parser.addOption(
        {QStringLiteral("case"),
         QStringLiteral("plan: draft the plan as a batch of this case (as the --db user, an "
                        "operator)."),
         QStringLiteral("N")});
    parser.addOption({QStringLiteral("description"),
                      QStringLiteral("plan: the batch's description."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("plan: text or json (default text)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    parser.addOption({QStringLiteral("record"),
                      QStringLiteral("verify: write the outcome to the batch's case timeline.")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral(
                "payops restore plan: compare live with a backup and plan putting back what was "
                "lost (rows deleted, rows moved to another owner, values overwritten), parents "
                "first, each conflict named; with --case, draft it as a batch for approval.\n"
                "payops restore verify ID: compare exactly the rows an executed restore wrote with "
                "the backup; exit 3 when one differs."),
            exitCode) ||
        !schemaProfileOption.check(context, exitCode) ||
        !checkBackupOptions(context, parser, exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.value(0) == u"plan" && positional.size() == 1)
        return plan(context, parser, schemaProfileOption);
    bool idOk = false;
    const qint64 batch = positional.value(1).toLongLong(&idOk);
    if (positional.value(0) == u"verify" && positional.size() == 2 && idOk)
        return verify(context, parser, batch);
    context.err
        << "payops restore takes plan, or verify and a batch number (payops restore --help).\n";
    return ExitUsage;
}
