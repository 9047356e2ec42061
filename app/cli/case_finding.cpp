#include "cli/case_finding.h"

#include "cli/case_command.h"
#include "core/finding.h"
#include "core/user_error.h"
#include "db/session.h"
#include "detect/blocking_scan.h"
#include "detect/detector.h"
#include "ops/cases.h"

namespace {

// The one finding of a fresh scan whose title holds every word given;
// throws UserError naming the candidates when none or several do.
payops::Finding findingNamed(CliContext &context, const QCommandLineParser &parser,
                             const payops::schema::SchemaProfile &profile)
{
    const QString words = parser.value(QStringLiteral("finding")).trimmed();
    const QStringList detectors = parser.values(QStringLiteral("detector"));
    for (const QString &name : detectors)
        if (!payops::detect::findDetector(name))
            throw payops::UserError(
                QStringLiteral("There is no detector \"%1\".").arg(name),
                QStringLiteral("Use one of: %1; nothing was changed.")
                    .arg(payops::detect::detectorNames().join(QStringLiteral(", "))));
    context.err << "Scanning for the finding \"" << words << "\"…\n";
    context.err.flush();
    const auto report = payops::detect::runBlockingScan(context.databaseFrom(parser), QString(),
                                                        profile, {}, detectors, 2);
    QVector<payops::Finding> matches;
    QStringList titles;
    for (const payops::Finding &f : report.findings) {
        titles << QStringLiteral("  ") + f.title;
        bool all = true;
        for (const QString &w : words.split(u' ', Qt::SkipEmptyParts))
            all = all && f.title.contains(w, Qt::CaseInsensitive);
        if (all)
            matches.append(f);
    }
    if (matches.size() == 1)
        return matches.constFirst();
    if (matches.isEmpty())
        throw payops::UserError(
            QStringLiteral("No finding of the scan has \"%1\" in its title.").arg(words),
            titles.isEmpty()
                ? QStringLiteral("The scan found nothing; nothing was changed.")
                : QStringLiteral("Give words of one of these titles; nothing was changed:\n%1")
                      .arg(titles.join(u'\n')));
    QStringList named;
    for (const payops::Finding &f : matches)
        named << QStringLiteral("  ") + f.title;
    throw payops::UserError(
        QStringLiteral("%1 findings have \"%2\" in their title.").arg(matches.size()).arg(words),
        QStringLiteral("Give more of the title of the one you mean; nothing was changed:\n%1")
            .arg(named.join(u'\n')));
}

} // namespace

int openCaseFromFinding(CliContext &context, const QCommandLineParser &parser,
                        const payops::schema::SchemaProfile &profile)
{
    const payops::Finding finding = findingNamed(context, parser, profile);
    payops::db::Session session(context.databaseFrom(parser), QString(), caseSessionOptions(true));
    QStringList holding;
    for (const payops::ops::CaseChoice &c : payops::ops::caseChoicesFor(session, finding))
        if (c.holdsFinding)
            holding << QStringLiteral("case %1 (%2, %3)").arg(c.id).arg(c.title, c.status);
    if (!holding.isEmpty() && !parser.isSet(QStringLiteral("again"))) {
        context.err << "The finding \"" << finding.title << "\" is already in "
                    << holding.join(QStringLiteral(", "))
                    << ". Nothing was opened: payops case show N shows it there; payops case "
                       "attach N --finding puts it in another open case; --again opens a "
                       "second case for it anyway.\n";
        return ExitFailure;
    }
    const qint64 caseId = payops::ops::openCaseFromFinding(session, finding);
    context.err << "Case " << caseId << " is open with the finding \"" << finding.title
                << "\" frozen as evidence.\n";
    context.out << "case=" << caseId << '\n';
    return ExitOk;
}

int attachFindingToCase(CliContext &context, const QCommandLineParser &parser, qint64 caseId,
                        const payops::schema::SchemaProfile &profile)
{
    const payops::Finding finding = findingNamed(context, parser, profile);
    payops::db::Session session(context.databaseFrom(parser), QString(), caseSessionOptions(true));
    payops::ops::attachFinding(session, caseId, finding);
    context.out << "The finding \"" << finding.title << "\" is now in case " << caseId
                << "'s timeline, frozen as evidence.\n";
    return ExitOk;
}
