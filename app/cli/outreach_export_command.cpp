#include "cli/outreach_export_command.h"

#include "db/session.h"
#include "outreach/export_source.h"
#include "outreach/outreach_export.h"
#include "outreach/status_words.h"

int runOutreachExportCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("export"), QStringLiteral("export"));
    context.addDatabaseOption(parser);
    parser.addOptions({
        {QStringLiteral("case"), QStringLiteral("The case whose roster is written to."),
         QStringLiteral("N")},
        {QStringLiteral("format"),
         QStringLiteral("csv (one mail-merge file), eml (one message a person, for any mail "
                        "client) or calls (one phone-call script a person)."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("out"), QStringLiteral("The folder the files go to (made when missing)."),
         QStringLiteral("DIR")},
        {QStringLiteral("template"),
         QStringLiteral("A message template file for everyone, instead of the default for "
                        "what the incident did to each person (format: docs/OUTREACH.md)."),
         QStringLiteral("FILE")},
        {QStringLiteral("status"),
         QStringLiteral("Only the people with this status (not_contacted, contacted, ...)."),
         QStringLiteral("STATUS")},
        {QStringLiteral("from"),
         QStringLiteral("The sender of the .eml files, \"Name <address>\" (default: the "
                        "template's from:, else an address to be replaced)."),
         QStringLiteral("MAILBOX")},
    });
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops outreach export: the messages to the people of a "
                                      "case's roster, rendered per person, as a mail-merge "
                                      "CSV, .eml files or phone-call scripts. Reads only; "
                                      "sends nothing."),
                       exitCode))
        return exitCode;
    bool caseOk = false;
    const qint64 caseId = parser.value(QStringLiteral("case")).toLongLong(&caseOk);
    if (parser.positionalArguments() != QStringList{QStringLiteral("export")} || !caseOk ||
        caseId <= 0) {
        context.err << "payops outreach export takes --case N (payops case list shows them).\n";
        return ExitUsage;
    }
    const auto format = payops::outreach::exportFormatNamed(parser.value(QStringLiteral("format")));
    if (!format) {
        context.err << "--format is csv, eml or calls.\n";
        return ExitUsage;
    }
    if (parser.value(QStringLiteral("out")).trimmed().isEmpty()) {
        context.err << "--out DIR names the folder the files go to.\n";
        return ExitUsage;
    }
    QString status;
    if (parser.isSet(QStringLiteral("status"))) {
        status = payops::outreach::statusFromWords(parser.value(QStringLiteral("status")));
        if (status.isEmpty()) {
            context.err << "--status is one of: "
                        << payops::outreach::outreachStatuses().join(QStringLiteral(", ")) << ".\n";
            return ExitUsage;
        }
    }
    payops::outreach::ExportOptions options;
    options.format = *format;
    options.directory = parser.value(QStringLiteral("out"));
    options.from = parser.value(QStringLiteral("from"));
    // A malformed template is refused before the database is asked anything.
    if (parser.isSet(QStringLiteral("template")))
        options.chosen =
            payops::outreach::loadTemplateFile(parser.value(QStringLiteral("template")));

    payops::db::SessionOptions readOnly =
        payops::db::SessionOptions::primaryReader(QStringLiteral("payops outreach export"));
    payops::db::Session session(context.databaseFrom(parser), QString(), readOnly,
                                QStringLiteral("payops"));
    const payops::outreach::ExportSource source =
        payops::outreach::loadExportSource(session, caseId, status);
    const payops::outreach::ExportResult result =
        payops::outreach::writeExport(source.info, source.people, options);
    context.out << result.summary(caseId) << '\n';
    return ExitOk;
}
