#include "cli/batch_command.h"

#include "cli/interrupt.h"
#include "cli/money_run.h"
#include "cli/restore_command.h"
#include "core/money.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "exec/batch_executor.h"
#include "exec/money_executor.h"
#include "exec/write_targets.h"
#include "ops/batch_review.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

payops::db::SessionOptions options(bool writable, const QString &purpose)
{
    payops::db::SessionOptions o;
    o.readOnly = !writable;
    o.server = payops::db::Server::Primary; // batches are bound to the primary and run there
    o.purpose = purpose;
    // One chunk of a large batch, or a dry run of every item, may take long.
    o.statementTimeoutMs = 10 * 60 * 1000;
    return o;
}

void printReview(CliContext &context, const payops::ops::BatchReview &r)
{
    context.out << "Batch " << r.id << " (" << r.kind << "): " << r.description << '\n'
                << "  state:       " << r.state << '\n'
                << "  built by:    " << r.createdBy << " at " << r.createdAt << '\n'
                << "  submitted:   "
                << (r.submittedBy.isEmpty() ? QStringLiteral("not yet") : r.submittedBy) << '\n'
                << "  bound to:    database " << r.databaseName << " on cluster "
                << r.systemIdentifier << ", environment " << r.environment << '\n'
                << "  items:       " << payops::formatCount(r.itemCount) << '\n'
                << "  totals:      " << r.totals.toDisplayString() << '\n'
                << "  hash:        "
                << (r.contentHash.isEmpty() ? QStringLiteral("(not submitted)") : r.contentHash)
                << '\n';
    for (const QString &decision : r.decisions)
        context.out << "  decision:    " << decision << '\n';
}

int dryRun(CliContext &context, payops::db::Session &session, qint64 batch, const QString &format)
{
    const payops::ResultTable answer = session.query(
        QStringLiteral("SELECT item_no, effect, coalesce(reason, ''), coalesce(detail, '') FROM "
                       "payops.dry_run($1::bigint) ORDER BY item_no"),
        {QString::number(batch)});
    QMap<QString, qint64> effects;
    QJsonArray items;
    for (const auto &row : answer.rows) {
        const QString what = row[1] == u"conflict" ? QStringLiteral("conflict: ") + row[2] : row[1];
        ++effects[what];
        if (format == u"json")
            items.append(QJsonObject{{QStringLiteral("item"), row[0].toInt()},
                                     {QStringLiteral("effect"), row[1]},
                                     {QStringLiteral("reason"), row[2]},
                                     {QStringLiteral("detail"), row[3]}});
        else if (row[1] == u"conflict")
            context.out << "item " << row[0] << ": conflict, " << row[2] << " (" << row[3] << ")\n";
    }
    if (format == u"json") {
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("format"),
                                                  QStringLiteral("payops-dry-run/1")},
                                                 {QStringLiteral("batch"), double(batch)},
                                                 {QStringLiteral("items"), items}})
                           .toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    context.out << "Dry run of batch " << batch << " (nothing was committed):";
    for (auto it = effects.cbegin(); it != effects.cend(); ++it)
        context.out << ' ' << payops::formatCount(it.value()) << ' ' << it.key() << ';';
    context.out << '\n';
    return ExitOk;
}

int run(CliContext &context, payops::db::Session &session, qint64 batch,
        const QCommandLineParser &parser)
{
    bool chunkOk = false;
    const int chunk = parser.value(QStringLiteral("chunk")).toInt(&chunkOk);
    if (!chunkOk || chunk < 1 || chunk > 10000) {
        context.err << "--chunk takes a number of items from 1 to 10000.\n";
        return ExitUsage;
    }
    const payops::ops::BatchReview review = payops::ops::loadBatchReview(session, batch);
    // Executing in production asks for its name, typed: a habit of "yes"
    // does not run money on the wrong database.
    if (review.environment == u"production" &&
        parser.value(QStringLiteral("confirm-environment")) != u"production") {
        context.err << "Batch " << batch << " runs on the production database "
                    << review.databaseName
                    << ". Type its environment to confirm: --confirm-environment production\n";
        return ExitUsage;
    }
    if (payops::exec::sendsToProvider(session, batch))
        return runMoneyBatch(context, session, batch, parser, chunk);
    payops::exec::BatchExecutor executor(session, batch);
    cancelOnInterrupt();
    executor.startOrResume();
    context.err << "Executing batch " << batch << " (" << payops::formatCount(review.itemCount)
                << " items) on " << review.databaseName << " (" << review.environment << ")\n";
    context.err.flush();
    const payops::exec::ExecutionReport report = executor.run(
        chunk,
        [&](const payops::exec::ItemCounts &counts) {
            if (parser.isSet(QStringLiteral("progress"))) {
                context.err << counts.describe() << '\n';
                context.err.flush();
            }
        },
        interruptFlag());
    context.out << "Batch " << batch << " is " << report.batchState << ": "
                << report.counts.describe() << " (" << payops::formatCount(report.appliedNow)
                << " items in " << report.elapsedMs / 1000.0 << " s)"
                << (report.paused ? "; paused, run again to resume" : "") << ".\n";
    return report.batchState == u"done" || report.paused || report.batchState == u"executing"
               ? ExitOk
               : ExitFindings;
}

} // namespace

int runBatchCommand(CliContext &context)
{
    // payops batch verify ID is payops restore verify ID: verifying needs
    // the backup, whose options live with the restore command.
    if (context.arguments.value(0) == u"verify")
        return runRestoreCommand(context);
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("action"),
        QStringLiteral("show, submit, approve, reject, dry-run, run, status, revert, "
                       "decide or verify (payops restore verify)"));
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The batch number."));
    context.addDatabaseOption(parser);
    parser.addOption(
        {QStringLiteral("hash"),
         QStringLiteral("approve: the content hash you reviewed (payops batch show prints it)."),
         QStringLiteral("HASH")});
    parser.addOption(
        {QStringLiteral("reason"), QStringLiteral("reject, decide: why."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("chunk"),
                      QStringLiteral("run: items per transaction (default 200)."),
                      QStringLiteral("N"), QStringLiteral("200")});
    parser.addOption(
        {QStringLiteral("progress"), QStringLiteral("run: print the counts after every chunk.")});
    parser.addOption(
        {QStringLiteral("confirm-environment"),
         QStringLiteral("run: the environment's name, typed, to execute in production."),
         QStringLiteral("LABEL")});
    addProviderOptions(parser);
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("dry-run: text or json (default text)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral(
                "payops batch ACTION ID: a corrective batch, as the --db user. show prints what an "
                "approver signs; submit freezes a draft for review; approve (with --hash) and "
                "reject (with --reason) are the second person's decision; dry-run applies every "
                "item "
                "in a transaction the database rolls back and says what each would do; run "
                "executes "
                "an approved batch exactly once (resumes where it stopped; Ctrl-C pauses between "
                "chunks); status counts the items per state; revert drafts a batch that undoes an "
                "executed one; give-up (finance) ends a claw-back item held for consent, for a "
                "write-off."),
            exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    static const QStringList actions = {"show", "submit", "approve", "reject", "dry-run",
                                        "run",  "status", "revert",  "decide", "give-up"};
    bool idOk = false;
    const qint64 batch = positional.value(1).toLongLong(&idOk);
    if (positional.size() != 2 || !actions.contains(positional[0]) || !idOk) {
        context.err << "payops batch takes an action (" << actions.join(QStringLiteral(", "))
                    << ") and a batch number, e.g. payops batch show 12.\n";
        return ExitUsage;
    }
    const QString action = positional[0];
    const QString id = QString::number(batch);
    const bool writes = action != u"show" && action != u"status";
    payops::db::Session session(context.databaseFrom(parser), QString(),
                                options(writes, QStringLiteral("batch ") + action),
                                QStringLiteral("payops"));
    if (action == u"show") {
        printReview(context, payops::ops::loadBatchReview(session, batch));
        return ExitOk;
    }
    if (action == u"status") {
        const auto review = payops::ops::loadBatchReview(session, batch);
        context.out << "Batch " << batch << " is " << review.state << ": "
                    << payops::exec::itemCounts(session, batch).describe() << ".\n";
        return ExitOk;
    }
    if (action == u"submit") {
        context.out << "Batch " << batch << " is submitted; its content hash is "
                    << payops::ops::submitBatch(session, batch) << ".\n";
        return ExitOk;
    }
    if (action == u"approve") {
        if (!parser.isSet(QStringLiteral("hash"))) {
            context.err
                << "Approving signs the content you reviewed: give its hash with --hash (payops "
                   "batch show "
                << batch << " prints it).\n";
            return ExitUsage;
        }
        context.out << "Batch " << batch << " is now "
                    << payops::ops::approveBatch(session, batch,
                                                 parser.value(QStringLiteral("hash")))
                    << ".\n";
        return ExitOk;
    }
    if (action == u"reject") {
        payops::ops::rejectBatch(session, batch, parser.value(QStringLiteral("reason")));
        context.out << "Batch " << batch << " is rejected.\n";
        return ExitOk;
    }
    if (action == u"decide")
        return decideAbsentItem(context, session, batch, parser);
    if (action == u"give-up")
        return giveUpHeldItem(context, session, batch, parser);
    if (action == u"dry-run")
        return dryRun(context, session, batch, parser.value(QStringLiteral("format")));
    if (action == u"revert") {
        const QString revert =
            session.query(QStringLiteral("SELECT payops.draft_revert($1::bigint)"), {id})
                .rows.value(0)
                .value(0);
        context.out << "Batch " << revert << " is a draft that reverts batch " << batch
                    << "; review it with payops batch show " << revert << " and submit it.\n";
        return ExitOk;
    }
    return run(context, session, batch, parser);
}

int runAllowWritesCommand(CliContext &context)
{
    QCommandLineParser parser;
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("table"),
                      QStringLiteral("A billing table corrective batches may write (repeatable)."),
                      QStringLiteral("TABLE")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral("payops allow-writes --table T...: register billing tables that "
                           "approved corrective batches (restores, ledger entries) may "
                           "write. Run by the tables' owner; grants them to payops_owner "
                           "alone, never to a login role, and records it in the audit log."),
            exitCode))
        return exitCode;
    payops::db::Session session(context.databaseFrom(parser), QString(),
                                options(true, QStringLiteral("allow-writes")),
                                QStringLiteral("payops"));
    const QStringList names =
        payops::exec::allowWrites(session, parser.values(QStringLiteral("table")));
    context.out << "Corrective batches may now write " << names.join(QStringLiteral(", ")) << ".\n";
    return ExitOk;
}
