#include "cli/outreach_command.h"

#include "cli/backup_options.h"
#include "cli/outreach_add.h"
#include "cli/schema_profile_option.h"
#include "core/money.h"
#include "db/session.h"
#include "outreach/roster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QJsonObject personJson(const payops::outreach::RosterPerson &p)
{
    return QJsonObject{{QStringLiteral("account"), p.account},
                       {QStringLiteral("name"), p.name},
                       {QStringLiteral("email"), p.email},
                       {QStringLiteral("phone"), p.phone},
                       {QStringLiteral("status"), p.status},
                       {QStringLiteral("assignee"), p.assignee},
                       {QStringLiteral("next_step"), p.nextStep},
                       {QStringLiteral("next_step_at"),
                        p.nextStepAt.isValid() ? p.nextStepAt.toString(Qt::ISODate) : QString()},
                       {QStringLiteral("impact"), p.impact}};
}

} // namespace

int runOutreachCommand(CliContext &context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, record or add"));
    context.addDatabaseOption(parser);
    const SchemaProfileOption schemaProfileOption(
        parser, QStringLiteral("add: the schema profile that maps the accounts' contact details "
                               "(default: the demo's)."));
    parser.addOptions({
        {QStringLiteral("case"), QStringLiteral("The case whose roster it is."),
         QStringLiteral("N")},
        {QStringLiteral("account"),
         QStringLiteral("record: a person, by account (repeatable, or comma-separated: a bulk "
                        "action over a selection)."),
         QStringLiteral("ACCOUNT")},
        {QStringLiteral("status"),
         QStringLiteral("record: not_contacted, contacted, agreed, refused, disputed, "
                        "proof_asked, proof_sent, resolved or unreachable."),
         QStringLiteral("STATUS")},
        {QStringLiteral("note"), QStringLiteral("record: what was said or done."),
         QStringLiteral("TEXT")},
        {QStringLiteral("assignee"), QStringLiteral("record: who follows the person up."),
         QStringLiteral("USER")},
        {QStringLiteral("next-step"), QStringLiteral("record: what happens next (\"\" clears it)."),
         QStringLiteral("TEXT")},
        {QStringLiteral("next-step-at"), QStringLiteral("record: when (ISO 8601)."),
         QStringLiteral("WHEN")},
        {QStringLiteral("users-of-rows"),
         QStringLiteral("add: the accounts in the \"user_id\" column of these rows (read-only "
                        "SQL: a finding's affected users), with amount_minor and currency when "
                        "they have them."),
         QStringLiteral("SQL")},
        {QStringLiteral("incident"),
         QStringLiteral("add: what the incident did to them, in words (the messages choose "
                        "their template by it)."),
         QStringLiteral("TEXT")},
        {QStringLiteral("format"), QStringLiteral("list: text or json (default text)."),
         QStringLiteral("FORMAT"), QStringLiteral("text")},
    });
    // add: the contact details of accounts deleted since come from a backup.
    addBackupOptions(parser);
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops outreach: the people a case's incident touched "
                                      "(its roster), and what support records for them; a "
                                      "claw-back takes money back only from people recorded "
                                      "as agreed."),
                       exitCode) ||
        !schemaProfileOption.check(context, exitCode) ||
        !checkBackupOptions(context, parser, exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    bool caseOk = false;
    const qint64 caseId = parser.value(QStringLiteral("case")).toLongLong(&caseOk);
    if (positional.size() != 1 || !caseOk ||
        (positional[0] != u"list" && positional[0] != u"record" && positional[0] != u"add")) {
        context.err << "payops outreach takes list, record, add or export, and --case N.\n";
        return ExitUsage;
    }
    if (positional[0] == u"add") {
        if (!parser.isSet(QStringLiteral("users-of-rows"))) {
            context.err << "payops outreach add needs --users-of-rows SQL: rows whose user_id "
                           "column names the accounts.\n";
            return ExitUsage;
        }
        return addPeopleFromRows(context, parser, caseId, schemaProfileOption.load());
    }
    payops::db::SessionOptions options;
    options.readOnly = positional[0] == u"list";
    options.server = payops::db::Server::Primary; // support's records as they are now
    options.purpose = QStringLiteral("payops outreach");
    payops::db::Session session(context.databaseFrom(parser), QString(), options,
                                QStringLiteral("payops"));
    if (positional[0] == u"list") {
        const auto people = payops::outreach::roster(session, caseId);
        if (parser.value(QStringLiteral("format")) == u"json") {
            QJsonArray list;
            for (const auto &p : people)
                list.append(personJson(p));
            context.out << QJsonDocument(QJsonObject{{QStringLiteral("format"),
                                                      QStringLiteral("payops-roster/1")},
                                                     {QStringLiteral("case"), double(caseId)},
                                                     {QStringLiteral("people"), list}})
                               .toJson(QJsonDocument::Indented);
            return ExitOk;
        }
        QMap<QString, int> perStatus;
        for (const auto &p : people)
            ++perStatus[p.status];
        context.out << "Case " << caseId << ": " << payops::formatCount(people.size()) << " people";
        for (auto it = perStatus.cbegin(); it != perStatus.cend(); ++it)
            context.out << (it == perStatus.cbegin() ? " (" : ", ") << it.value() << ' '
                        << QString(it.key()).replace(u'_', u' ');
        context.out << (perStatus.isEmpty() ? ".\n" : ").\n");
        for (const auto &p : people)
            context.out << p.account << '\t' << p.name << '\t' << p.email << '\t' << p.status
                        << '\t' << p.assignee << '\t' << p.nextStep << '\n';
        return ExitOk;
    }
    QStringList accounts;
    for (const QString &given : parser.values(QStringLiteral("account")))
        for (const QString &a : given.split(u',', Qt::SkipEmptyParts))
            accounts << a.trimmed();
    if (accounts.isEmpty()) {
        context.err << "payops outreach record needs --account: the people it is about.\n";
        return ExitUsage;
    }
    payops::outreach::OutreachUpdate update;
    update.status = parser.value(QStringLiteral("status"));
    update.note = parser.value(QStringLiteral("note"));
    update.assignee = parser.value(QStringLiteral("assignee"));
    if (parser.isSet(QStringLiteral("next-step")))
        update.nextStep = parser.value(QStringLiteral("next-step"));
    else
        update.nextStep = QString(); // null: unchanged
    if (parser.isSet(QStringLiteral("next-step-at"))) {
        update.nextStepAt =
            QDateTime::fromString(parser.value(QStringLiteral("next-step-at")), Qt::ISODate);
        if (!update.nextStepAt.isValid()) {
            context.err << "--next-step-at takes an ISO 8601 time, e.g. 2026-05-02T10:00:00Z.\n";
            return ExitUsage;
        }
    }
    const int changed = payops::outreach::recordOutreach(session, caseId, accounts, update);
    context.out << "Recorded for " << payops::formatCount(changed) << " people of case " << caseId
                << ".\n";
    return ExitOk;
}
