#pragma once

#include "outreach/message_template.h"
#include "outreach/messages.h"
#include "outreach/roster.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace payops::outreach {

enum class ExportFormat {
    Csv,   // one mail-merge file: case-N-mail-merge.csv
    Eml,   // one message a person: case-N-ACCOUNT.eml
    Calls, // one call script a person: case-N-ACCOUNT-call.txt
};
// "csv", "eml", "calls"; none for anything else.
std::optional<ExportFormat> exportFormatNamed(const QString &name);
QString exportFormatName(ExportFormat format);

// Where the messages come from when neither a template nor the caller says.
QString defaultSender();

struct ExportOptions
{
    ExportFormat format = ExportFormat::Csv;
    QString directory;
    // A template file's message for everyone; none: each person's default.
    std::optional<MessageTemplate> chosen;
    // "Name <address>"; empty: the template's from:, else defaultSender().
    QString from;
    QDateTime now = QDateTime::currentDateTimeUtc();
};

struct ExportResult
{
    QString directory;
    QStringList files; // names within directory
    int people = 0;    // written for
    // People left out and why ("4711: no e-mail address a mail client can send to").
    QStringList skipped;
    // "475 .eml files for 475 people in /tmp/out (case 2)."
    QString summary(qint64 caseId) const;
};

// Renders every person's message and writes the export into `directory`
// (made when missing). Everything is rendered and checked first and the
// files appear only once all are written (through a staging folder inside
// it), so a bad From, a template that does not render, a person's
// malformed amounts or a folder that cannot be written leave nothing
// behind. Files of an earlier export of the same name are replaced.
// Throws UserError saying what was wrong and what to do.
ExportResult writeExport(const CaseInfo &info, const QVector<RosterPerson> &people,
                         const ExportOptions &options);

// One person's message exactly as writeExport would render it with these
// options (the same sender and template), for a preview before exporting;
// writes nothing. Throws UserError as writeExport does.
RenderedMessage previewMessage(const CaseInfo &info, const RosterPerson &person,
                               const ExportOptions &options);

} // namespace payops::outreach

Q_DECLARE_METATYPE(payops::outreach::ExportResult)
