#include "cli/case_command.h"

#include "cli/case_checks_command.h"
#include "cli/case_finding.h"
#include "cli/schema_profile_option.h"
#include "core/money.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "ops/cases.h"
#include "report/dossier.h"
#include "report/dossier_pdf.h"

#include <QDir>
#include <QRegularExpression>

#include <optional>

payops::db::SessionOptions caseSessionOptions(bool writable)
{
    payops::db::SessionOptions o;
    o.readOnly = !writable;
    o.server = payops::db::Server::Primary; // cases are records: current only on the primary
    o.purpose = QStringLiteral("payops case");
    return o;
}

namespace {

void printTable(CliContext &context, const payops::ResultTable &table)
{
    for (const auto &row : table.rows)
        context.out << row.join(QStringLiteral("  |  ")) << '\n';
}

// "12.50" USD -> 1250; nothing when it is not a positive amount with at
// most the currency's digits after the point.
std::optional<qint64> minorOf(const QString &amount, const QString &currency)
{
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^([0-9]{1,15})(?:\\.([0-9]+))?$")).match(amount);
    const int exponent = payops::Money::exponentOf(currency);
    if (!m.hasMatch() || m.captured(2).size() > exponent)
        return std::nullopt;
    qint64 minor = m.captured(1).toLongLong();
    for (int i = 0; i < exponent; ++i)
        minor = minor * 10 + (i < m.captured(2).size() ? m.captured(2)[i].digitValue() : 0);
    return minor > 0 ? std::optional<qint64>(minor) : std::nullopt;
}

int recordCost(CliContext &context, const QCommandLineParser &parser, qint64 caseId)
{
    const QString currency = parser.value(QStringLiteral("currency")).toUpper();
    const std::optional<qint64> minor = minorOf(parser.value(QStringLiteral("amount")), currency);
    if (!minor || !QRegularExpression(QStringLiteral("^[A-Z]{3}$")).match(currency).hasMatch() ||
        parser.value(QStringLiteral("what")).trimmed().isEmpty()) {
        context.err << "payops case cost N takes --amount (12.50), --currency (an ISO 4217 code) "
                       "and --what TEXT.\n";
        return ExitUsage;
    }
    payops::db::Session session(context.databaseFrom(parser), QString(), caseSessionOptions(true));
    payops::ops::recordCaseCost(session, caseId, *minor, currency,
                                parser.value(QStringLiteral("what")));
    context.out << "Case " << caseId << " records a cost of "
                << payops::Money{*minor, currency}.toDisplayString() << ": "
                << parser.value(QStringLiteral("what")) << ".\n";
    return ExitOk;
}

} // namespace

int runCaseCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("open, attach, list, show, note, cost, move, "
                                                "checks, check or dossier"));
    parser.addPositionalArgument(
        QStringLiteral("case"),
        QStringLiteral("attach, show, note, cost, move, checks, check, dossier: the case."),
        QStringLiteral("[N]"));
    parser.addPositionalArgument(QStringLiteral("text"), QStringLiteral("note: the note."),
                                 QStringLiteral("[TEXT]"));
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("title"), QStringLiteral("open: what the incident is."),
                      QStringLiteral("TITLE")});
    parser.addOption({QStringLiteral("out"),
                      QStringLiteral("dossier: the folder the PDF and the Markdown go to."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("to"),
                      QStringLiteral("move: mitigating, monitoring, resolved or closed."),
                      QStringLiteral("STATE")});
    parser.addOption(
        {QStringLiteral("reason"), QStringLiteral("move: why."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("override"),
                      QStringLiteral("move --to closed: close despite what is still open (the "
                                     "reason says why; both are recorded).")});
    parser.addOption({QStringLiteral("amount"),
                      QStringLiteral("cost: how much, in the currency's units (12.50)."),
                      QStringLiteral("AMOUNT")});
    parser.addOption({QStringLiteral("currency"), QStringLiteral("cost: its ISO 4217 code."),
                      QStringLiteral("CODE")});
    parser.addOption({QStringLiteral("what"),
                      QStringLiteral("cost: what it was (the acquirer's fee for 10,000 "
                                     "reversals)."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("finding"),
                      QStringLiteral("open, attach: the finding of a fresh scan whose title holds "
                                     "these words, frozen as evidence (as the console's Open "
                                     "case does)."),
                      QStringLiteral("WORDS")});
    parser.addOption({QStringLiteral("incident"),
                      QStringLiteral("open: the incident of a fresh scan (its findings grouped, "
                                     "as payops scan lists them) whose title, or one of whose "
                                     "findings' titles, holds these words: one case with its "
                                     "headline and every finding of it."),
                      QStringLiteral("WORDS")});
    parser.addOption({QStringLiteral("detector"),
                      QStringLiteral("open, attach --finding: scan with this detector only "
                                     "(repeatable)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("again"),
                      QStringLiteral("open --finding: open a second case for a finding another "
                                     "case holds already.")});
    const SchemaProfileOption schemaProfileOption(
        parser, QStringLiteral("--finding: the schema profile the scan reads (default: the "
                               "demo's)."));
    parser.addOption({QStringLiteral("severity"),
                      QStringLiteral("open: low, medium, high or critical (default high)."),
                      QStringLiteral("SEVERITY"), QStringLiteral("high")});
    addCaseCheckOptions(parser);
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops case: open an incident case (as an operator), list "
                                      "the cases, show one's timeline, or add a note to it."),
                       exitCode) ||
        !schemaProfileOption.check(context, exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    bool idOk = false;
    const qint64 caseId = positional.value(1).toLongLong(&idOk);
    if (action == u"open" && positional.size() == 1 && parser.isSet(QStringLiteral("finding")))
        return openCaseFromFinding(context, parser, schemaProfileOption.load());
    if (action == u"open" && positional.size() == 1 && parser.isSet(QStringLiteral("incident")))
        return openCaseFromIncident(context, parser, schemaProfileOption.load());
    if (action == u"attach" && positional.size() == 2 && idOk) {
        if (!parser.isSet(QStringLiteral("finding"))) {
            context.err << "payops case attach N needs --finding WORDS: the finding (of a fresh "
                           "scan, by words of its title) to put on case N's timeline.\n";
            return ExitUsage;
        }
        return attachFindingToCase(context, parser, caseId, schemaProfileOption.load());
    }
    if (action == u"open" && positional.size() == 1) {
        if (parser.value(QStringLiteral("title")).trimmed().isEmpty()) {
            context.err << "payops case open needs --title (what the incident is), --finding "
                           "WORDS (a finding of the scan, frozen as evidence) or --incident "
                           "WORDS (an incident of the scan with all its findings).\n";
            return ExitUsage;
        }
        payops::db::Session session(context.databaseFrom(parser), QString(),
                                    caseSessionOptions(true));
        const QString id = session
                               .query(QStringLiteral("SELECT payops.create_case($1, $2)"),
                                      {parser.value(QStringLiteral("title")),
                                       parser.value(QStringLiteral("severity"))})
                               .rows.value(0)
                               .value(0);
        context.err << "Case " << id << " is open.\n";
        context.out << "case=" << id << '\n';
        return ExitOk;
    }
    if (action == u"list" && positional.size() == 1) {
        payops::db::Session session(context.databaseFrom(parser), QString(),
                                    caseSessionOptions(false));
        printTable(context, session.query(payops::ops::casesSql()));
        return ExitOk;
    }
    if (action == u"show" && positional.size() == 2 && idOk) {
        payops::db::Session session(context.databaseFrom(parser), QString(),
                                    caseSessionOptions(false));
        printTable(context, session.query(payops::ops::caseTimelineSql(caseId)));
        return ExitOk;
    }
    if (action == u"cost" && positional.size() == 2 && idOk)
        return recordCost(context, parser, caseId);
    if (action == u"checks" && positional.size() == 2 && idOk)
        return listCaseChecks(context, parser, caseId);
    if (action == u"check" && positional.size() == 2 && idOk)
        return tickCaseCheck(context, parser, caseId);
    if (action == u"dossier" && positional.size() == 2 && idOk) {
        if (!parser.isSet(QStringLiteral("out"))) {
            context.err << "payops case dossier N takes --out DIR: where the PDF and the "
                           "Markdown go.\n";
            return ExitUsage;
        }
        const QDir dir(parser.value(QStringLiteral("out")));
        if (!dir.exists() && !QDir().mkpath(dir.path()))
            throw payops::UserError(
                QStringLiteral("Cannot make the folder %1.").arg(dir.path()),
                QStringLiteral("Give --out a folder you may write to; nothing was written."));
        payops::db::Session session(context.databaseFrom(parser), QString(),
                                    caseSessionOptions(false));
        for (const QString &path : payops::report::writeDossierFiles(
                 payops::report::loadDossier(session, caseId), dir.path()))
            context.out << path << '\n';
        return ExitOk;
    }
    if (action == u"move" && positional.size() == 2 && idOk) {
        if (!parser.isSet(QStringLiteral("to")) || !parser.isSet(QStringLiteral("reason"))) {
            context.err << "payops case move N takes --to STATE (mitigating, monitoring, resolved, "
                           "closed) and --reason TEXT.\n";
            return ExitUsage;
        }
        payops::db::Session session(context.databaseFrom(parser), QString(),
                                    caseSessionOptions(true));
        context.out << "Case " << caseId << " is "
                    << payops::ops::moveCase(session, caseId, parser.value(QStringLiteral("to")),
                                             parser.value(QStringLiteral("reason")),
                                             parser.isSet(QStringLiteral("override")))
                    << ".\n";
        return ExitOk;
    }
    if (action == u"note" && positional.size() == 3 && idOk) {
        payops::db::Session session(context.databaseFrom(parser), QString(),
                                    caseSessionOptions(true));
        payops::ops::addCaseNote(session, caseId, positional.value(2));
        return ExitOk;
    }
    context.err
        << "payops case takes open --title T, open --finding WORDS, open --incident WORDS, "
           "attach N --finding "
           "WORDS, list, show N, note N TEXT, cost N "
           "--amount A --currency C --what TEXT, move N --to STATE --reason TEXT, checks N, "
           "check N --account KEY --correct|--wrong --note TEXT, or "
           "dossier N --out DIR (payops case --help).\n";
    return ExitUsage;
}
