#include "db/error_translation.h"

#include <QTest>

using payops::db::ErrorContext;
using payops::db::translateDatabaseError;

class TestErrorTranslation : public QObject
{
    Q_OBJECT
private slots:
    void saysWhatWasWrongAndWhatToDo_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("sqlState");
        QTest::addColumn<bool>("broken");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("remedy");
        QTest::newRow("unknown host")
            << "could not translate host name \"nope\" to address: Name or service not known"
            << "" << true << "host of"
            << "Check the host name";
        QTest::newRow("refused")
            << "connection to server at \"127.0.0.1\", port 1 failed: Connection refused"
            << "" << true << "No PostgreSQL server answered"
            << "Check host and port";
        QTest::newRow("no socket") << "connection to server on socket \"/x/.s.PGSQL.5432\" failed: "
                                      "No such file or directory"
                                   << "" << true << "No PostgreSQL server answered"
                                   << "running";
        QTest::newRow("wrong password")
            << "FATAL:  password authentication failed for user \"oncall\""
            << "" << true << "refused the password"
            << "Type the password again";
        QTest::newRow("no password") << "fe_sendauth: no password supplied"
                                     << "" << true << "needs a password"
                                     << "keychain";
        QTest::newRow("unknown role") << "FATAL:  role \"bob\" does not exist"
                                      << "" << true << "does not know the user"
                                      << "payops grant";
        QTest::newRow("missing database") << "FATAL:  database \"bill\" does not exist"
                                          << "" << true << "does not exist"
                                          << "Check the database name";
        QTest::newRow("privilege") << "ERROR:  permission denied for table payments"
                                   << "42501" << false << "lacks the privilege"
                                   << "grant the viewer role";
        QTest::newRow("approval refused") << "ERROR:  permission denied for function approve_batch"
                                          << "42501" << false << "refused this decision"
                                          << "payops grant approver";
        QTest::newRow("schema") << "ERROR:  relation \"payments\" does not exist"
                                << "42P01" << false << "billing schema"
                                << "schema profile";
        QTest::newRow("cancel") << "ERROR:  canceling statement due to user request"
                                << "57014" << false << "cancelled or ran past the statement timeout"
                                << "raise the timeout";
        QTest::newRow("read-only") << "ERROR:  cannot execute INSERT in a read-only transaction"
                                   << "25006" << false << "read-only"
                                   << "guided workflow";
        QTest::newRow("lost connection") << "server closed the connection unexpectedly"
                                         << "" << true << "connection to"
                                         << "try again";
        QTest::newRow("malformed") << "invalid URI query parameter: \"hots\""
                                   << "" << true << "is malformed"
                                   << "postgresql://user@host:port/database";
    }
    void saysWhatWasWrongAndWhatToDo()
    {
        QFETCH(QString, server);
        QFETCH(QString, sqlState);
        QFETCH(bool, broken);
        QFETCH(QString, problem);
        QFETCH(QString, remedy);
        const auto error = translateDatabaseError(
            server, sqlState, broken,
            ErrorContext{QStringLiteral("database billing on db:5432 as oncall"),
                         QStringLiteral("run the orphan scan")});
        QVERIFY2(error.problem().contains(problem), qPrintable(error.problem()));
        QVERIFY2(error.remedy().contains(remedy), qPrintable(error.remedy()));
        // The operator always learns where it happened.
        QVERIFY2(error.message().contains(QStringLiteral("billing")), qPrintable(error.message()));
    }

    void whatOnlyAnOwnerMayDoIsNoViewerGrant_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("sqlState");
        QTest::addColumn<bool>("script");
        // A migration or grant script refused, with or without its SQLSTATE
        // (a multi-statement script may come without one)...
        QTest::newRow("script denied") << "ERROR:  permission denied to create role"
                                       << "42501" << true;
        QTest::newRow("admin option") << "ERROR:  must have admin option on role \"payops_viewer\""
                                      << "" << true;
        // ...and what only an owner may do, whatever asked for it.
        QTest::newRow("owner") << "ERROR:  must be owner of table payments"
                               << "" << false;
    }
    void whatOnlyAnOwnerMayDoIsNoViewerGrant()
    {
        QFETCH(QString, server);
        QFETCH(QString, sqlState);
        QFETCH(bool, script);
        const auto error = translateDatabaseError(
            server, sqlState, false,
            ErrorContext{QStringLiteral("database billing on db:5432 as oncall"),
                         QStringLiteral("run a set-up script"), script});
        QVERIFY2(error.problem().contains(QStringLiteral("lacks the privilege")),
                 qPrintable(error.problem()));
        QVERIFY2(error.remedy().contains(QStringLiteral("database owner")),
                 qPrintable(error.remedy()));
        QVERIFY2(!error.remedy().contains(QStringLiteral("grant the viewer role")),
                 qPrintable(error.remedy()));
    }

    void aViewerIsNotToldToBecomeOne()
    {
        ErrorContext context{QStringLiteral("database billing on db:5432 as oncall"),
                             QStringLiteral("run a query")};
        const QString server = QStringLiteral("ERROR:  permission denied for table payments");
        QVERIFY(translateDatabaseError(server, QStringLiteral("42501"), false, context)
                    .remedy()
                    .contains(QStringLiteral("grant the viewer role")));
        context.viewer = true;
        const auto error = translateDatabaseError(server, QStringLiteral("42501"), false, context);
        QVERIFY2(error.remedy().contains(QStringLiteral("already holds the viewer role")),
                 qPrintable(error.remedy()));
        QVERIFY(!error.remedy().contains(QStringLiteral("grant the viewer role")));
    }

    // Support adding a note: the payops function names the role it takes,
    // and so does the message, not the viewer role support already holds.
    void aRefusalNamesTheMissingRole()
    {
        const ErrorContext context{QStringLiteral("database billing on db:5432 as support"),
                                   QStringLiteral("add a note"), false, true};
        const auto note = translateDatabaseError(
            QStringLiteral("ERROR:  payops: support is not a member of payops_operator\n"
                           "CONTEXT:  PL/pgSQL function payops.require_role(name)"),
            QStringLiteral("42501"), false, context);
        QVERIFY2(note.problem().contains(QStringLiteral("may not add a note: that takes the "
                                                        "console's operator role")),
                 qPrintable(note.problem()));
        QVERIFY2(note.remedy().contains(QStringLiteral("Sign in as an operator")),
                 qPrintable(note.remedy()));
        QVERIFY(note.remedy().contains(QStringLiteral("payops grant operator USER")));
        QVERIFY(!note.remedy().contains(QStringLiteral("viewer")));
        const auto roster = translateDatabaseError(
            QStringLiteral("ERROR:  payops: finance is neither an operator nor support"),
            QStringLiteral("42501"), false, context);
        QVERIFY2(roster.problem().contains(QStringLiteral("console's support role")),
                 qPrintable(roster.problem()));
    }

    void unknownErrorsKeepTheServerText()
    {
        const auto error = translateDatabaseError(
            QStringLiteral("ERROR:  division by zero\nDETAIL: x"), QStringLiteral("22012"), false,
            ErrorContext{QStringLiteral("db"), QStringLiteral("run a query")});
        QVERIFY(error.problem().contains(QStringLiteral("division by zero")));
        QVERIFY(!error.problem().contains(QStringLiteral("DETAIL")));
        QVERIFY(error.remedy().contains(QStringLiteral("22012")));
    }
};

QTEST_APPLESS_MAIN(TestErrorTranslation)
#include "test_error_translation.moc"
