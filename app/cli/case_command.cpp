#include "cli/case_command.h"

#include "core/result_table.h"
#include "db/session.h"
#include "ops/cases.h"

namespace {

payops::db::SessionOptions options(bool writable)
{
    payops::db::SessionOptions o;
    o.readOnly = !writable;
    o.purpose = QStringLiteral("payops case");
    return o;
}

void printTable(CliContext &context, const payops::ResultTable &table)
{
    for (const auto &row : table.rows)
        context.out << row.join(QStringLiteral("  |  ")) << '\n';
}

} // namespace

int runCaseCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("open, list, show or note"));
    parser.addPositionalArgument(QStringLiteral("case"), QStringLiteral("show, note: the case."),
                                 QStringLiteral("[N]"));
    parser.addPositionalArgument(QStringLiteral("text"), QStringLiteral("note: the note."),
                                 QStringLiteral("[TEXT]"));
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("title"), QStringLiteral("open: what the incident is."),
                      QStringLiteral("TITLE")});
    parser.addOption({QStringLiteral("severity"),
                      QStringLiteral("open: low, medium, high or critical (default high)."),
                      QStringLiteral("SEVERITY"), QStringLiteral("high")});
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops case: open an incident case (as an operator), list "
                                      "the cases, show one's timeline, or add a note to it."),
                       exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    bool idOk = false;
    const qint64 caseId = positional.value(1).toLongLong(&idOk);
    if (action == u"open" && positional.size() == 1) {
        if (parser.value(QStringLiteral("title")).trimmed().isEmpty()) {
            context.err << "payops case open needs --title: what the incident is.\n";
            return ExitUsage;
        }
        payops::db::Session session(context.databaseFrom(parser), QString(), options(true));
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
        payops::db::Session session(context.databaseFrom(parser), QString(), options(false));
        printTable(context, session.query(payops::ops::casesSql()));
        return ExitOk;
    }
    if (action == u"show" && positional.size() == 2 && idOk) {
        payops::db::Session session(context.databaseFrom(parser), QString(), options(false));
        printTable(context, session.query(payops::ops::caseTimelineSql(caseId)));
        return ExitOk;
    }
    if (action == u"note" && positional.size() == 3 && idOk) {
        payops::db::Session session(context.databaseFrom(parser), QString(), options(true));
        payops::ops::addCaseNote(session, caseId, positional.value(2));
        return ExitOk;
    }
    context.err << "payops case takes open --title T, list, show N or note N TEXT (payops case "
                   "--help).\n";
    return ExitUsage;
}
