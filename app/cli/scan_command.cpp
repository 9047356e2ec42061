#include "cli/scan_command.h"

#include "cli/scan_output.h"
#include "cli/schema_profile_option.h"
#include "core/user_error.h"
#include "detect/blocking_scan.h"
#include "detect/detector.h"
#include "schema/schema_profile.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace {

const QStringList kSeverities = {QStringLiteral("info"), QStringLiteral("low"),
                                 QStringLiteral("medium"), QStringLiteral("high"),
                                 QStringLiteral("critical")};

// The first time a scan can judge: event times before it are no real
// history, only a mistyped year or a duration in the wrong unit.
const QDateTime kEarliest(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC);

// A --since or --until value, read against `now`; `problem` says what is
// wrong with it when `time` is null.
struct WindowTime
{
    QDateTime time;
    QString problem;
};

QString isoText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

// "--since 1h (2026-04-30T22:00:00Z)": what was typed, and the time it means
// when that is not what was typed.
QString named(const QString &option, const QString &text, const QDateTime &time)
{
    const QString typed = text.trimmed();
    const QString iso = isoText(time);
    return typed == iso ? QStringLiteral("--%1 %2").arg(option, iso)
                        : QStringLiteral("--%1 %2 (%3)").arg(option, typed, iso);
}

// "90m", "1h", "2d", "1w" back from now. A count too large to hold, or one
// that reaches back before 1970, is refused rather than wrapped around.
WindowTime durationBack(const QString &option, const QString &text, qint64 count, bool counted,
                        qint64 unitSeconds, const QDateTime &now)
{
    if (!counted || count > (now.toSecsSinceEpoch() - kEarliest.toSecsSinceEpoch()) / unitSeconds)
        return {{},
                QStringLiteral("--%1 %2 reaches back before 1970, so it names no time the scan "
                               "can judge; give a shorter duration such as 2d, or an ISO time.")
                    .arg(option, text.trimmed())};
    if (count == 0)
        return {{},
                QStringLiteral("--%1 %2 is now, so the window holds no time to judge; give a "
                               "duration such as 1h.")
                    .arg(option, text.trimmed())};
    return {now.addSecs(-count * unitSeconds), {}};
}

// "2026-04-30T23:00:00Z", "2026-04-30 23:00" (UTC) or a duration back from
// now: "90m", "1h", "2d", "1w". The time must lie between 1970 and now.
WindowTime parseWindowTime(const QString &option, const QString &text, const QDateTime &now)
{
    static const QRegularExpression relative(QStringLiteral("^(\\d+)\\s*([mhdw])$"));
    const auto match = relative.match(text.trimmed());
    if (match.hasMatch()) {
        bool counted = false;
        const qint64 count = match.captured(1).toLongLong(&counted);
        const qint64 unit = match.captured(2) == u"m"   ? 60
                            : match.captured(2) == u"h" ? 3600
                            : match.captured(2) == u"d" ? 86400
                                                        : 7 * 86400;
        return durationBack(option, text, count, counted, unit, now);
    }
    QString iso = text.trimmed();
    iso.replace(QLatin1Char(' '), QLatin1Char('T'));
    QDateTime time = QDateTime::fromString(iso, Qt::ISODate);
    if (time.isValid() && time.timeSpec() == Qt::LocalTime)
        time.setTimeZone(QTimeZone::utc()); // a time without a zone is UTC, like the sessions
    if (!time.isValid())
        return {{},
                QStringLiteral("--%1 takes an ISO time such as 2026-04-30T23:00:00Z or a duration "
                               "such as 1h, not \"%2\".")
                    .arg(option, text)};
    if (time < kEarliest)
        return {{},
                QStringLiteral("%1 is before 1970, so it names no time the scan can judge; give "
                               "a later time.")
                    .arg(named(option, text, time))};
    if (time > now)
        return {{},
                QStringLiteral("%1 is in the future (it is %2 now), so there is nothing to judge "
                               "there yet; give a past time%3.")
                    .arg(named(option, text, time), isoText(now),
                         option == u"until" ? QStringLiteral(", or leave --until out to judge "
                                                             "up to now")
                                            : QString())};
    return {time, {}};
}

// Reads --since and --until into `options`; returns the usage message of
// the first thing wrong with them, empty when they make a window to judge.
QString readWindow(const QCommandLineParser &parser, const QDateTime &now,
                   payops::detect::ScanOptions &options)
{
    for (const QString &option : {QStringLiteral("since"), QStringLiteral("until")}) {
        if (!parser.isSet(option))
            continue;
        const WindowTime read = parseWindowTime(option, parser.value(option), now);
        if (!read.problem.isEmpty())
            return read.problem;
        (option == u"since" ? options.since : options.until) = read.time;
    }
    if (options.until.isValid() && !options.since.isValid())
        return QStringLiteral("--until needs --since.");
    // An empty or backwards window judges nothing and would say "No findings".
    if (options.until.isValid() && options.until <= options.since)
        return QStringLiteral("%1 is %2 %3, so the window holds no time to judge; give an --until "
                              "after --since, or leave --until out to judge up to now.")
            .arg(named(QStringLiteral("until"), parser.value(QStringLiteral("until")),
                       options.until),
                 options.until < options.since ? QStringLiteral("before")
                                               : QStringLiteral("not after"),
                 named(QStringLiteral("since"), parser.value(QStringLiteral("since")),
                       options.since));
    return {};
}

} // namespace

int runScanCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("detector"),
        QStringLiteral("Detectors to run (default: all that the schema profile maps)."),
        QStringLiteral("[detector...]"));
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("detector"),
                      QStringLiteral("Run only this detector (repeatable)."),
                      QStringLiteral("NAME")});
    const SchemaProfileOption schemaProfile(
        parser, QStringLiteral("Schema profile JSON of the database (default: the demo's)."));
    parser.addOption(
        {QStringLiteral("since"),
         QStringLiteral("Judge only events from this time on: an ISO time (UTC when no "
                        "zone) or a duration back from now such as 1h, 30m, 2d."),
         QStringLiteral("TIME")});
    parser.addOption({QStringLiteral("until"),
                      QStringLiteral("End of the judged window with --since (default: now)."),
                      QStringLiteral("TIME")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("json, csv or text (default text)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    parser.addOption(
        {QStringLiteral("rows"),
         QStringLiteral("Include every affected row (json and csv include them always).")});
    parser.addOption(
        {QStringLiteral("show-sql"),
         QStringLiteral("text: print the SQL that lists each finding's rows (json always holds "
                        "it).")});
    parser.addOption(
        {QStringLiteral("jobs"),
         QStringLiteral("Detectors run at once, each on its own read-only connection (default 2)."),
         QStringLiteral("N"), QStringLiteral("2")});
    parser.addOption(
        {QStringLiteral("fail-on"),
         QStringLiteral("Exit with status 3 when a finding is at or above this severity "
                        "(info, low, medium, high, critical)."),
         QStringLiteral("SEVERITY")});
    QString usage =
        QStringLiteral("payops scan [DETECTOR...]: run the detectors read-only and print "
                       "their findings, most severe first.");
    for (const auto &d : payops::detect::allDetectors())
        usage += QStringLiteral("\n  %1  %2").arg(d.name, -15).arg(d.description);
    int exitCode = ExitOk;
    if (!context.parse(parser, usage, exitCode) || !schemaProfile.check(context, exitCode))
        return exitCode;

    QStringList names = parser.positionalArguments() + parser.values(QStringLiteral("detector"));
    for (const QString &name : names)
        if (!payops::detect::findDetector(name)) {
            context.err << "There is no detector \"" << name << "\". Available: "
                        << payops::detect::detectorNames().join(QStringLiteral(", ")) << ".\n";
            return ExitUsage;
        }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != u"json" && format != u"csv" && format != u"text") {
        context.err << "--format takes json, csv or text, not \"" << format << "\".\n";
        return ExitUsage;
    }
    int failOn = int(kSeverities.size());
    if (parser.isSet(QStringLiteral("fail-on"))) {
        failOn = int(kSeverities.indexOf(parser.value(QStringLiteral("fail-on")).toLower()));
        if (failOn < 0) {
            context.err << "--fail-on takes one of " << kSeverities.join(QStringLiteral(", "))
                        << ".\n";
            return ExitUsage;
        }
    }
    payops::detect::ScanOptions options;
    if (const QString problem = readWindow(parser, QDateTime::currentDateTimeUtc(), options);
        !problem.isEmpty()) {
        context.err << problem << '\n';
        return ExitUsage;
    }
    bool jobsOk = false;
    const int jobs = parser.value(QStringLiteral("jobs")).toInt(&jobsOk);
    if (!jobsOk || jobs < 1 || jobs > 16) {
        context.err << "--jobs takes a number from 1 to 16.\n";
        return ExitUsage;
    }

    const payops::schema::SchemaProfile profile = schemaProfile.load();
    const payops::ConnectionProfile connection = context.databaseFrom(parser);
    const auto report =
        payops::detect::runBlockingScan(connection, QString(), profile, options, names, jobs);

    ScanOutput output(context.out, profile, options, connection);
    if (format == u"json")
        output.printJson(report, parser.isSet(QStringLiteral("rows")));
    else if (format == u"csv")
        output.printCsv(report);
    else
        output.printText(report, parser.isSet(QStringLiteral("rows")),
                         parser.isSet(QStringLiteral("show-sql")));
    for (const QString &failure : report.failures)
        context.err << "Detector failed: " << failure << '\n';
    // CSV has no room for it: standard error says what the rows stand for.
    if (format == u"csv" && !report.failures.isEmpty())
        context.err << ScanOutput::summary(report) << '\n';

    bool alarm = false;
    for (const auto &finding : report.findings)
        alarm = alarm || int(finding.severity) >= failOn;
    if (!report.failures.isEmpty())
        return ExitFailure;
    return alarm ? ExitFindings : ExitOk;
}
