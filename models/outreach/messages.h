#pragma once

#include "outreach/impact.h"
#include "outreach/message_template.h"
#include "outreach/roster.h"

#include <QMap>
#include <QString>

namespace payops::outreach {

// The case a roster belongs to, as its messages name it.
struct CaseInfo
{
    qint64 id = 0;
    QString title;
};

// One person's message, rendered: what the e-mail and the call script say.
struct RenderedMessage
{
    QString templateName;
    QString from; // the template's From, if it has one
    QString subject;
    QString body;
    QString call;
};

// The values of the template fields for one person: their contact details,
// the incident's amounts formatted with their currency ("1,050.00 USD"),
// what a claw-back can still take back, the dates, their status in words,
// the case. `sender` signs the message ("Customer care"). Throws
// UserError when the impact's amounts are not minor units.
QMap<QString, QString> messageFields(const RosterPerson &person, const CaseInfo &info,
                                     const QString &sender);

// The template a person's message uses: `chosen` when given (a template
// file), else the default for what the incident did to them.
MessageTemplate templateFor(const RosterPerson &person, const MessageTemplate *chosen);

// The person's message from that template. Control characters other than
// line breaks and tabs never reach a message, nor line breaks a subject.
RenderedMessage renderMessage(const RosterPerson &person, const CaseInfo &info,
                              const MessageTemplate *chosen, const QString &sender);

} // namespace payops::outreach
