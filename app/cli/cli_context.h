#pragma once

#include "core/connection_profile.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

// What every subcommand shares: its arguments, the output streams, and how
// it finds the database (--db URI, or the demo when none is given).
struct CliContext
{
    QStringList arguments; // after the subcommand name
    QTextStream &out;
    QTextStream &err;

    // Parses `arguments` with the given parser; prints help or the parse
    // error itself. Returns false when the command should stop (exit code in exitCode).
    bool parse(QCommandLineParser &parser, const QString &usage, int &exitCode);
    // --db URI, or the demo's live database (started on first use).
    payops::ConnectionProfile databaseFrom(const QCommandLineParser &parser);
    void addDatabaseOption(QCommandLineParser &parser) const;
};

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitFindings = 3 };
