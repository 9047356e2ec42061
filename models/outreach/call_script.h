#pragma once

#include "outreach/messages.h"
#include "outreach/roster.h"

#include <QString>

namespace payops::outreach {

// One person's phone-call script, as plain text support reads from while
// dialling: who, the number (or that there is none, and the e-mail), their
// status now, what happened to them in their money, what to say and ask
// (the template's [call]), the statuses to record afterwards and the
// command that records them, and room for notes.
QString callScript(const RosterPerson &person, const CaseInfo &info,
                   const RenderedMessage &message);

} // namespace payops::outreach
