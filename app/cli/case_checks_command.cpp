#include "cli/case_checks_command.h"

#include "cli/case_command.h"
#include "core/money.h"
#include "db/session.h"
#include "ops/case_checks.h"

void addCaseCheckOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("account"),
                      QStringLiteral("check: an account of the re-check list (again for more; all "
                                     "or none are ticked)."),
                      QStringLiteral("KEY")});
    parser.addOption(
        {QStringLiteral("correct"), QStringLiteral("check: its billing state is correct now.")});
    parser.addOption(
        {QStringLiteral("wrong"), QStringLiteral("check: it is not (--note says what is wrong).")});
    parser.addOption({QStringLiteral("note"),
                      QStringLiteral("check: what was looked at, or what is wrong."),
                      QStringLiteral("TEXT")});
}

int listCaseChecks(CliContext &context, const QCommandLineParser &parser, qint64 caseId)
{
    payops::db::Session session(context.databaseFrom(parser), QString(), caseSessionOptions(false));
    const QVector<payops::ops::CaseCheck> checks = payops::ops::caseChecks(session, caseId);
    int waiting = 0, wrong = 0;
    for (const payops::ops::CaseCheck &check : checks) {
        waiting += check.waiting() ? 1 : 0;
        wrong += check.outcome == u"wrong" ? 1 : 0;
        context.out << check.account << "  |  "
                    << (check.waiting() ? QStringLiteral("to check") : check.outcome);
        if (!check.waiting())
            context.out << "  |  " << check.checkedBy << ", " << check.checkedAt;
        if (!check.note.isEmpty())
            context.out << "  |  " << check.note;
        context.out << '\n';
    }
    context.err << "Case " << caseId << ": " << payops::formatCount(checks.size())
                << " accounts to re-check, " << payops::formatCount(waiting) << " waiting, "
                << payops::formatCount(wrong) << " found wrong.\n";
    return ExitOk;
}

int tickCaseCheck(CliContext &context, const QCommandLineParser &parser, qint64 caseId)
{
    const bool correct = parser.isSet(QStringLiteral("correct"));
    const bool wrong = parser.isSet(QStringLiteral("wrong"));
    if (!parser.isSet(QStringLiteral("account")) || correct == wrong ||
        (wrong && parser.value(QStringLiteral("note")).trimmed().isEmpty())) {
        context.err << "payops case check N takes --account KEY and --correct, or --wrong with "
                       "--note TEXT saying what is wrong.\n";
        return ExitUsage;
    }
    payops::db::Session session(context.databaseFrom(parser), QString(), caseSessionOptions(true));
    const QStringList accounts = parser.values(QStringLiteral("account"));
    const int waiting = payops::ops::tickCaseChecks(session, caseId, accounts, correct,
                                                    parser.value(QStringLiteral("note")));
    context.out << (accounts.size() == 1
                        ? QStringLiteral("Account ") + accounts.first()
                        : payops::formatCount(accounts.size()) + QStringLiteral(" accounts"))
                << " of case " << caseId << (accounts.size() == 1 ? " is" : " are") << " checked "
                << (correct ? "correct" : "wrong") << "; " << payops::formatCount(waiting)
                << " accounts still wait.\n";
    return ExitOk;
}
