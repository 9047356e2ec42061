#pragma once

#include "outreach/impact.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace payops::outreach {

// A message to the people of a roster: the e-mail's subject and body and
// what to say and ask on the phone, with per-person fields in braces.
//
//   {name}            replaced by the person's value (empty when unknown)
//   {name|customer}   ... or by the text after | when it is empty
//   {?dates}...       at the start of a line: the line only when dates is known
//   {!dates}...       at the start of a line: the line only when it is not
//   {{ and }}         a literal { and }
//
// The fields are templateFields(); any other name, an unclosed brace or a
// stray } is a malformed template, refused before anything is written.
struct MessageTemplate
{
    QString name;    // what it is for, shown when exporting
    QString from;    // the From of the .eml files, "Name <address>"; may be empty
    QString subject; // one line
    QString body;    // lines separated by \n
    QString call;    // what to say and ask on the phone; may be empty
};

// name, email, phone, account, amount, recoverable, unrecoverable, rows,
// dates, status, case, case_title, sender.
const QStringList &templateFields();

// The built-in message for what the incident did: an apology for wrong
// charges (refunded), a notice of a reversed refund, a request to return a
// duplicate payout (claw-back), or a plain notice.
MessageTemplate defaultTemplate(IncidentKind kind);

// A template file (docs/OUTREACH.md): optional "from:" and "name:" lines,
// then the sections [subject], [body] and optionally [call]. Lines starting
// with # before the first section are comments. Throws UserError naming the
// file, the line and what to do.
MessageTemplate parseTemplate(const QString &text, const QString &origin);
MessageTemplate loadTemplateFile(const QString &path);

// The text with the fields filled in. The text must have passed
// parseTemplate's check (a default template does); an unknown field left
// by a caller renders as nothing.
QString renderTemplate(const QString &text, const QMap<QString, QString> &fields);

// What is wrong with a template text ("line 3: unknown field {nmae}; ...")
// or empty when nothing is.
QString templateProblem(const QString &text);

} // namespace payops::outreach
