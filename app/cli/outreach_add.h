#pragma once

#include "cli/cli_context.h"

namespace payops::schema {
struct SchemaProfile;
}

// payops outreach add --case N --users-of-rows SQL [--incident TEXT]
// [--backup NAME|URI|FILE]: puts
// the accounts in the "user_id" column of a read-only query (a finding's
// affected users, a restore's accounts) on the case's roster, with their
// contact details and, when the rows carry amount_minor and currency,
// what the incident moved of theirs. As support or an operator. With
// --backup (or --backup-archive), accounts the live data no longer holds
// take their contact details from that backup, checked first to be an
// older copy of this database; the roster says which did.
int addPeopleFromRows(CliContext &context, const QCommandLineParser &parser, qint64 caseId,
                      const payops::schema::SchemaProfile &profile);
