#pragma once

#include "cli/cli_context.h"

namespace payops::schema {
struct SchemaProfile;
}

// payops outreach add --case N --users-of-rows SQL [--incident TEXT]: puts
// the accounts in the "user_id" column of a read-only query (a finding's
// affected users, a restore's accounts) on the case's roster, with their
// contact details and, when the rows carry amount_minor and currency,
// what the incident moved of theirs. As support or an operator.
int addPeopleFromRows(CliContext &context, const QCommandLineParser &parser, qint64 caseId,
                      const payops::schema::SchemaProfile &profile);
