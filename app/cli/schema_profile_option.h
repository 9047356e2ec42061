#pragma once

#include "cli/cli_context.h"
#include "schema/schema_profile.h"

// --schema-profile FILE: the schema profile a command reads (how a billing
// schema maps onto accounts, charges, refunds...; docs/PROFILES.md). Its
// old name --profile still works for one release, hidden from the help,
// with a note on standard error; saved connections are another thing.
class SchemaProfileOption
{
public:
    // Adds both names to `parser`; `description` is the help text.
    SchemaProfileOption(QCommandLineParser &parser, const QString &description);

    // After parsing: false (a usage error, exit code set) when both names
    // are given; says on standard error that --profile is deprecated when
    // it is used.
    bool check(CliContext &context, int &exitCode) const;
    bool isSet() const;
    // The file's profile, else the demo's. Throws UserError for a file that
    // cannot be read or is not a valid profile.
    payops::schema::SchemaProfile load() const;

private:
    QString path() const;

    const QCommandLineParser &m_parser;
};
