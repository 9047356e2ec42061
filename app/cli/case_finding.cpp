#include "cli/case_finding.h"

#include "cli/case_command.h"
#include "core/finding.h"
#include "core/user_error.h"
#include "core/wording.h"
#include "db/session.h"
#include "detect/blocking_scan.h"
#include "detect/detector.h"
#include "detect/incidents.h"
#include "ops/cases.h"

namespace {

bool holdsEveryWord(const QString &title, const QString &words)
{
    for (const QString &w : words.split(u' ', Qt::SkipEmptyParts))
        if (!title.contains(w, Qt::CaseInsensitive))
            return false;
    return true;
}

void requireKnownDetectors(const QCommandLineParser &parser)
{
    for (const QString &name : parser.values(QStringLiteral("detector")))
        if (!payops::detect::findDetector(name))
            throw payops::UserError(
                QStringLiteral("There is no detector \"%1\".").arg(name),
                QStringLiteral("Use one of: %1; nothing was changed.")
                    .arg(payops::detect::detectorNames().join(QStringLiteral(", "))));
}

// The cases holding `finding` already, in words; empty when none does.
QStringList casesHolding(payops::db::Session &session, const payops::Finding &finding)
{
    QStringList holding;
    for (const payops::ops::CaseChoice &c : payops::ops::caseChoicesFor(session, finding))
        if (c.holdsFinding)
            holding << QStringLiteral("case %1 (%2, %3)").arg(c.id).arg(c.title, c.status);
    return holding;
}

// The one incident of a fresh scan whose title, or one of whose findings'
// titles, holds every word given; throws UserError naming the candidates
// when none or several do.
payops::detect::Incident incidentNamed(CliContext &context, const QCommandLineParser &parser,
                                       const payops::schema::SchemaProfile &profile)
{
    const QString words = parser.value(QStringLiteral("incident")).trimmed();
    requireKnownDetectors(parser);
    context.err << "Scanning for the incident \"" << words << "\"…\n";
    context.err.flush();
    const payops::ConnectionProfile connection = context.databaseFrom(parser);
    const auto report = payops::detect::runBlockingScan(
        connection, QString(), profile, {}, parser.values(QStringLiteral("detector")), 2);
    payops::db::Session reader(connection, QString(), payops::db::SessionOptions(),
                               QStringLiteral("payops case"));
    QVector<payops::detect::Incident> matches;
    QStringList titles;
    for (const payops::detect::Incident &incident :
         payops::detect::groupIntoIncidents(reader, profile, report.findings)) {
        titles << QStringLiteral("  ") + incident.title;
        bool match = holdsEveryWord(incident.title, words);
        for (const payops::Finding &f : incident.evidence)
            match = match || holdsEveryWord(f.title, words);
        if (match)
            matches << incident;
    }
    if (matches.size() == 1)
        return matches.constFirst();
    if (matches.isEmpty())
        throw payops::UserError(
            QStringLiteral("No incident of the scan, nor any of its findings, has \"%1\" in its "
                           "title.")
                .arg(words),
            titles.isEmpty()
                ? QStringLiteral("The scan found nothing; nothing was changed.")
                : QStringLiteral("Give words of one of these; nothing was changed:\n%1")
                      .arg(titles.join(u'\n')));
    QStringList named;
    for (const payops::detect::Incident &incident : matches)
        named << QStringLiteral("  ") + incident.title;
    throw payops::UserError(
        QStringLiteral("%1 incidents match \"%2\".").arg(matches.size()).arg(words),
        QStringLiteral("Give more of the title of the one you mean; nothing was changed:\n%1")
            .arg(named.join(u'\n')));
}

// The one finding of a fresh scan whose title holds every word given;
// throws UserError naming the candidates when none or several do.
payops::Finding findingNamed(CliContext &context, const QCommandLineParser &parser,
                             const payops::schema::SchemaProfile &profile)
{
    const QString words = parser.value(QStringLiteral("finding")).trimmed();
    requireKnownDetectors(parser);
    const QStringList detectors = parser.values(QStringLiteral("detector"));
    context.err << "Scanning for the finding \"" << words << "\"…\n";
    context.err.flush();
    const auto report = payops::detect::runBlockingScan(context.databaseFrom(parser), QString(),
                                                        profile, {}, detectors, 2);
    QVector<payops::Finding> matches;
    QStringList titles;
    for (const payops::Finding &f : report.findings) {
        titles << QStringLiteral("  ") + f.title;
        if (holdsEveryWord(f.title, words))
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
    const QStringList holding = casesHolding(session, finding);
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

int openCaseFromIncident(CliContext &context, const QCommandLineParser &parser,
                         const payops::schema::SchemaProfile &profile)
{
    const payops::detect::Incident incident = incidentNamed(context, parser, profile);
    payops::db::Session session(context.databaseFrom(parser), QString(), caseSessionOptions(true));
    const QStringList holding = casesHolding(session, incident.headline);
    if (!holding.isEmpty() && !parser.isSet(QStringLiteral("again"))) {
        context.err << "The incident \"" << incident.title << "\" is already in "
                    << holding.join(QStringLiteral(", "))
                    << ". Nothing was opened: payops case show N shows it there; --again opens a "
                       "second case for it anyway.\n";
        return ExitFailure;
    }
    const qint64 caseId = payops::ops::openCaseFromFinding(session, incident.headline);
    const QVector<payops::Finding> beside = payops::detect::findingsBesideHeadline(incident);
    for (const payops::Finding &f : beside)
        payops::ops::attachFinding(session, caseId, f);
    context.err << "Case " << caseId << " is open with the incident \"" << incident.title << "\" ("
                << incident.headlineRule << ") and "
                << payops::counted(beside.size(), QStringLiteral("more finding"))
                << " of it, frozen as "
                << "evidence.\n";
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
