#include "cli/schema_profile_option.h"

namespace {

const QString kOption = QStringLiteral("schema-profile");
const QString kOldOption = QStringLiteral("profile"); // to be removed in the next release

} // namespace

SchemaProfileOption::SchemaProfileOption(QCommandLineParser &parser, const QString &description)
    : m_parser(parser)
{
    parser.addOption({kOption, description, QStringLiteral("FILE")});
    QCommandLineOption old(kOldOption, QStringLiteral("Old name of --schema-profile."),
                           QStringLiteral("FILE"));
    old.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(old);
}

bool SchemaProfileOption::check(CliContext &context, int &exitCode) const
{
    if (!m_parser.isSet(kOldOption))
        return true;
    if (m_parser.isSet(kOption)) {
        context.err << "Give the schema profile once, as --schema-profile FILE (--profile is its "
                       "old name).\n";
        exitCode = ExitUsage;
        return false;
    }
    context.err << "--profile is now --schema-profile; --profile will be removed in the next "
                   "release\n";
    return true;
}

bool SchemaProfileOption::isSet() const
{
    return m_parser.isSet(kOption) || m_parser.isSet(kOldOption);
}

payops::schema::SchemaProfile SchemaProfileOption::load() const
{
    return isSet() ? payops::schema::SchemaProfile::fromFile(path())
                   : payops::schema::SchemaProfile::demo();
}

QString SchemaProfileOption::path() const
{
    return m_parser.isSet(kOption) ? m_parser.value(kOption) : m_parser.value(kOldOption);
}
