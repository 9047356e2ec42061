#include "cli/scan_command.h"

#include "core/money.h"
#include "core/result_table.h"
#include "db/session.h"
#include "detect/orphan_detector.h"
#include "items/csv_writer.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

const QStringList kSeverities = {"info", "low", "medium", "high", "critical"};

QJsonObject totalsJson(const payops::MoneyTotals &totals)
{
    QJsonObject object;
    for (const QString &currency : totals.currencies()) {
        const payops::Money money{totals.minorFor(currency), currency};
        // Minor units as a JSON number are exact up to 2^53; the decimal
        // string is exact always.
        object.insert(currency, QJsonObject{{QStringLiteral("minor"), double(money.minor)},
                                            {QStringLiteral("amount"), money.toDecimalString()}});
    }
    return object;
}

QJsonValue cellJson(const QString &value)
{
    return value.isNull() ? QJsonValue() : QJsonValue(value);
}

void printJson(QTextStream &out, const payops::detect::OrphanDetector::Result &result,
               const payops::ResultTable &rows)
{
    const payops::Finding &f = result.finding;
    QJsonObject byReason;
    for (auto it = result.byReason.cbegin(); it != result.byReason.cend(); ++it)
        byReason.insert(it.key(),
                        QJsonObject{{QStringLiteral("payments"), double(it.value().payments)},
                                    {QStringLiteral("totals"), totalsJson(it.value().totals)}});
    QJsonArray rowArray;
    for (const auto &row : rows.rows) {
        QJsonObject object;
        for (int c = 0; c < rows.columns.size(); ++c)
            object.insert(rows.columns[c], cellJson(row.value(c)));
        rowArray.append(object);
    }
    const QJsonObject document{
        {QStringLiteral("detector"), f.detector},
        {QStringLiteral("severity"), payops::severityName(f.severity)},
        {QStringLiteral("title"), f.title},
        {QStringLiteral("explanation"), f.explanation},
        {QStringLiteral("payments"), double(f.rowCount)},
        {QStringLiteral("users"), double(f.userCount)},
        {QStringLiteral("totals"), totalsJson(f.totals)},
        {QStringLiteral("by_reason"), byReason},
        {QStringLiteral("sql"), f.rowsSql},
        {QStringLiteral("rows"), rowArray},
    };
    out << QJsonDocument(document).toJson(QJsonDocument::Indented);
}

void printCsv(QTextStream &out, const payops::ResultTable &rows)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    payops::CsvWriter csv(buffer);
    csv.writeRow(rows.columns);
    for (const auto &row : rows.rows)
        csv.writeRow(QStringList(row.cbegin(), row.cend()));
    out << QString::fromUtf8(buffer.data());
}

void printText(QTextStream &out, const payops::detect::OrphanDetector::Result &result)
{
    const payops::Finding &f = result.finding;
    out << "[" << payops::severityName(f.severity).toUpper() << "] " << f.title << '\n'
        << f.explanation << '\n';
    for (auto it = result.byReason.cbegin(); it != result.byReason.cend(); ++it)
        out << "  " << it.key() << ": " << it.value().payments << " payments, "
            << it.value().totals.toDisplayString() << '\n';
    out << "Reproduce with:\n" << f.rowsSql << '\n';
}

} // namespace

int runScanCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("detector"), QStringLiteral("orphans"));
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("format"), QStringLiteral("json, csv or text (default text)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    parser.addOption(
        {QStringLiteral("fail-on"),
         QStringLiteral("Exit with status 3 when a finding is at or above this severity "
                        "(info, low, medium, high, critical)."),
         QStringLiteral("SEVERITY")});
    int exitCode = ExitOk;
    if (!context.parse(
            parser,
            QStringLiteral("payops scan DETECTOR: run a detector read-only and print its "
                           "finding.\n  orphans  payments whose order or account does not "
                           "exist, or that are parked on the sentinel account"),
            exitCode))
        return exitCode;

    const QString detector = parser.positionalArguments().value(0);
    if (detector != u"orphans") {
        context.err << (detector.isEmpty()
                            ? QStringLiteral("payops scan needs a detector.")
                            : QStringLiteral("There is no detector \"%1\".").arg(detector))
                    << " Available: orphans (payops scan --help).\n";
        return ExitUsage;
    }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != u"json" && format != u"csv" && format != u"text") {
        context.err << "--format takes json, csv or text, not \"" << format << "\".\n";
        return ExitUsage;
    }
    int failOn = kSeverities.size();
    if (parser.isSet(QStringLiteral("fail-on"))) {
        failOn = int(kSeverities.indexOf(parser.value(QStringLiteral("fail-on")).toLower()));
        if (failOn < 0) {
            context.err << "--fail-on takes one of " << kSeverities.join(QStringLiteral(", "))
                        << ".\n";
            return ExitUsage;
        }
    }

    const payops::ConnectionProfile profile = context.databaseFrom(parser);
    payops::db::Session session(profile, QString(), payops::db::SessionOptions(),
                                QStringLiteral("payops"));
    const auto result = payops::detect::OrphanDetector::run(session);
    const bool needRows = format != u"text";
    const payops::ResultTable rows = needRows
                                         ? session.query(payops::detect::OrphanDetector::rowsSql() +
                                                         QStringLiteral("\nORDER BY payment_id"))
                                         : payops::ResultTable();
    if (format == u"json")
        printJson(context.out, result, rows);
    else if (format == u"csv")
        printCsv(context.out, rows);
    else
        printText(context.out, result);
    return int(result.finding.severity) >= failOn && result.finding.rowCount > 0 ? ExitFindings
                                                                                 : ExitOk;
}
