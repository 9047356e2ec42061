#include "outreach/outreach_export.h"

#include "core/money.h"
#include "core/user_error.h"
#include "outreach/call_script.h"
#include "outreach/eml.h"
#include "outreach/mail_merge.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>

namespace payops::outreach {

namespace {

struct OutFile
{
    QString name;
    QByteArray bytes;
};

Mailbox senderOf(const ExportOptions &options)
{
    QString from = options.from;
    if (from.isEmpty() && options.chosen)
        from = options.chosen->from;
    if (from.isEmpty())
        from = defaultSender();
    const std::optional<Mailbox> mailbox = parseMailbox(from);
    if (!mailbox)
        throw UserError(
            QStringLiteral("\"%1\" is not a sender a mail client takes.").arg(from.left(80)),
            QStringLiteral("Give it as Name <address@domain> (--from, or from: in the "
                           "template); nothing was written."));
    return *mailbox;
}

// Names of the per-person files: the account, made safe, unique.
QString uniqueStem(const QString &account, QSet<QString> &taken)
{
    QString stem = safeFileStem(account);
    for (int n = 2; taken.contains(stem.toLower()); ++n)
        stem = safeFileStem(account) + QStringLiteral("-%1").arg(n);
    taken.insert(stem.toLower());
    return stem;
}

QVector<OutFile> render(const CaseInfo &info, const QVector<RosterPerson> &people,
                        const ExportOptions &options, ExportResult &result)
{
    const Mailbox from = senderOf(options);
    const QString sender = from.name.isEmpty() ? from.address : from.name;
    const MessageTemplate *chosen = options.chosen ? &*options.chosen : nullptr;
    const QString prefix = QStringLiteral("case-%1-").arg(info.id);
    QVector<OutFile> files;
    QVector<MergeRow> merge;
    QSet<QString> taken;
    for (const RosterPerson &person : people) {
        RenderedMessage message;
        try {
            message = renderMessage(person, info, chosen, sender);
        } catch (const UserError &e) {
            throw UserError(QStringLiteral("The roster entry of account %1 cannot be rendered: %2")
                                .arg(person.account, e.problem()),
                            QStringLiteral("Leave it out (--status) or have its entry corrected; "
                                           "nothing was written."));
        }
        switch (options.format) {
        case ExportFormat::Csv:
            merge.append({person, message});
            break;
        case ExportFormat::Eml: {
            const QString address = person.email.trimmed();
            if (!isUsableAddress(address)) {
                result.skipped << (address.isEmpty()
                                       ? QStringLiteral("%1: no e-mail address").arg(person.account)
                                       : QStringLiteral("%1: \"%2\" is no e-mail address a mail "
                                                        "client can send to")
                                             .arg(person.account, address.left(80)));
                continue;
            }
            EmlMessage eml;
            eml.from = from;
            eml.to = {person.name, address};
            eml.subject = message.subject;
            eml.body = message.body;
            eml.date = options.now;
            eml.messageId = messageIdFor(info.id, person.account, options.now, from.address);
            eml.caseId = info.id;
            eml.account = person.account;
            files.append({prefix + uniqueStem(person.account, taken) + QStringLiteral(".eml"),
                          emlBytes(eml)});
            break;
        }
        case ExportFormat::Calls:
            files.append({prefix + uniqueStem(person.account, taken) + QStringLiteral("-call.txt"),
                          callScript(person, info, message).toUtf8()});
            break;
        }
        ++result.people;
    }
    if (options.format == ExportFormat::Csv)
        files.append({prefix + QStringLiteral("mail-merge.csv"), mailMergeCsv(merge)});
    if (people.isEmpty())
        throw UserError(QStringLiteral("Nobody was chosen for the export."),
                        QStringLiteral("Choose people with a status they have, or none; nothing "
                                       "was written."));
    if (result.people == 0)
        throw UserError(
            QStringLiteral("Nobody of the %1 people chosen has an e-mail address a mail client "
                           "can send to.")
                .arg(formatCount(people.size())),
            QStringLiteral("Export the call scripts instead (--format calls); nothing was "
                           "written."));
    return files;
}

UserError cannotWrite(const QString &directory, const QString &why)
{
    return UserError(QStringLiteral("Cannot write the export into %1: %2.").arg(directory, why),
                     QStringLiteral("Choose a folder you may write to; nothing was written."));
}

} // namespace

std::optional<ExportFormat> exportFormatNamed(const QString &name)
{
    if (name == u"csv")
        return ExportFormat::Csv;
    if (name == u"eml")
        return ExportFormat::Eml;
    if (name == u"calls")
        return ExportFormat::Calls;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Eml:
        return QStringLiteral("eml");
    case ExportFormat::Calls:
        break;
    }
    return QStringLiteral("calls");
}

RenderedMessage previewMessage(const CaseInfo &info, const RosterPerson &person,
                               const ExportOptions &options)
{
    const Mailbox from = senderOf(options);
    RenderedMessage message =
        renderMessage(person, info, options.chosen ? &*options.chosen : nullptr,
                      from.name.isEmpty() ? from.address : from.name);
    if (message.from.isEmpty())
        message.from = from.name.isEmpty() ? from.address
                                           : QStringLiteral("%1 <%2>").arg(from.name, from.address);
    return message;
}

QString defaultSender()
{
    // An address that cannot be delivered to: whoever sends the drafts
    // sets their own (the template's from:, --from, or the mail client).
    return QStringLiteral("Customer care <customer-care@example.invalid>");
}

QString ExportResult::summary(qint64 caseId) const
{
    const QString what = files.size() == 1 && files.constFirst().endsWith(QLatin1String(".csv"))
                             ? QStringLiteral("A mail-merge CSV")
                         : files.value(0).endsWith(QLatin1String(".eml"))
                             ? QStringLiteral("%1 .eml files").arg(formatCount(files.size()))
                             : QStringLiteral("%1 call scripts").arg(formatCount(files.size()));
    QString text = QStringLiteral("%1 for %2 people of case %3 in %4.")
                       .arg(what, formatCount(people))
                       .arg(caseId)
                       .arg(directory);
    if (!skipped.isEmpty())
        text += QStringLiteral(" Left out, %1 without an e-mail address a mail client can send "
                               "to: %2.")
                    .arg(formatCount(skipped.size()))
                    .arg(skipped.mid(0, 5).join(QStringLiteral("; ")) +
                         (skipped.size() > 5 ? QStringLiteral("; …") : QString()));
    return text;
}

ExportResult writeExport(const CaseInfo &info, const QVector<RosterPerson> &people,
                         const ExportOptions &options)
{
    ExportResult result;
    if (options.directory.trimmed().isEmpty())
        throw UserError(QStringLiteral("No folder was given for the export."),
                        QStringLiteral("Name one (--out DIR); nothing was written."));
    const QVector<OutFile> files = render(info, people, options, result);

    const QString directory = QDir(options.directory).absolutePath();
    result.directory = directory;
    const QFileInfo where(directory);
    bool made = false;
    if (where.exists() && !where.isDir())
        throw cannotWrite(directory, QStringLiteral("it is a file, not a folder"));
    if (!where.exists()) {
        if (!QDir().mkpath(directory))
            throw cannotWrite(directory, QStringLiteral("the folder cannot be made there"));
        made = true;
    }
    const auto undo = [&] {
        if (made)
            QDir(directory).removeRecursively();
    };
    // Written beside their place first: a failure half-way leaves nothing.
    QTemporaryDir staging(QDir(directory).filePath(QStringLiteral(".payops-export-XXXXXX")));
    if (!staging.isValid()) {
        const QString why = staging.errorString();
        undo();
        throw cannotWrite(directory, why);
    }
    for (const OutFile &file : files) {
        QFile out(staging.filePath(file.name));
        if (!out.open(QIODevice::WriteOnly) || out.write(file.bytes) != file.bytes.size() ||
            !out.flush()) {
            const QString why = out.errorString();
            out.close();
            staging.remove();
            undo();
            throw cannotWrite(directory, why);
        }
    }
    for (const OutFile &file : files) {
        const QString target = QDir(directory).filePath(file.name);
        if (QFileInfo::exists(target) && !QFile::remove(target))
            throw UserError(
                QStringLiteral("Cannot replace %1 from an earlier export.").arg(target),
                QStringLiteral("Remove it or choose another folder; %1 of %2 files were moved "
                               "into place.")
                    .arg(result.files.size())
                    .arg(files.size()));
        if (!QFile::rename(staging.filePath(file.name), target))
            throw UserError(QStringLiteral("Cannot move %1 into place.").arg(target),
                            QStringLiteral("Check the folder; %1 of %2 files were moved into "
                                           "place.")
                                .arg(result.files.size())
                                .arg(files.size()));
        result.files << file.name;
    }
    return result;
}

} // namespace payops::outreach
