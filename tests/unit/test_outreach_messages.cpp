// The messages to a roster's people, without a database:
//  - templates render per person (amounts with their currency, fallbacks,
//    lines kept only when a field is known), the default is chosen by what
//    the incident did, and a malformed template is refused with its line;
//  - the mail-merge CSV reads back field for field (commas, quotes, line
//    breaks, a formula-looking value);
//  - an .eml file is raw RFC 5322 bytes that parse back: CRLF only,
//    headers present once, lines within their limits, a non-ASCII subject
//    and name in RFC 2047 words that decode to the text, a header never
//    injected through a name, the quoted-printable body decodes to the
//    message; no Python here, so the decoders are the tests' own
//    (support/eml_read.h), written apart from the writer;
//  - the export writes one file a person (or one CSV), with safe names,
//    and nothing at all when it cannot finish.
#include "core/user_error.h"
#include "outreach/call_script.h"
#include "outreach/eml.h"
#include "outreach/mail_merge.h"
#include "outreach/messages.h"
#include "outreach/outreach_export.h"
#include "outreach/status_words.h"
#include "support/csv_read.h"
#include "support/eml_read.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace payops;
using namespace payops::outreach;

namespace {

RosterPerson person(const QString &account, const QString &name, const QString &email,
                    const QJsonObject &impact)
{
    RosterPerson p;
    p.account = account;
    p.name = name;
    p.email = email;
    p.impact = impact;
    return p;
}

QJsonObject refunded(const QString &minor)
{
    return {{QStringLiteral("incident"), QStringLiteral("charged wrongly; refunded")},
            {QStringLiteral("amounts"), QJsonObject{{QStringLiteral("USD"), minor}}},
            {QStringLiteral("rows"), 1}};
}

const CaseInfo kCase{12, QStringLiteral("Charges on closed accounts")};

} // namespace

class TestOutreachMessages : public QObject
{
    Q_OBJECT

private slots:
    void aPersonsMessageNamesTheirAmountWithItsCurrency()
    {
        const RosterPerson p =
            person(QStringLiteral("4711"), QStringLiteral("Smith"),
                   QStringLiteral("user4711@example.com"), refunded(QStringLiteral("1234550")));
        const RenderedMessage m = renderMessage(p, kCase, nullptr, QStringLiteral("Billing"));
        QCOMPARE(m.templateName, QStringLiteral("apology for wrong charges (refunded)"));
        QCOMPARE(m.subject,
                 QStringLiteral("We charged you 12,345.50 USD by mistake and have refunded it"));
        QVERIFY2(m.body.startsWith(QStringLiteral("Dear Smith,\n\nA fault in our billing system "
                                                  "charged your account 4711 12,345.50 USD")),
                 qPrintable(m.body));
        QVERIFY(m.body.contains(QStringLiteral("case 12")));
        QVERIFY(m.body.endsWith(QStringLiteral("With our apologies,\nBilling")));
        // Without dates, the line that names them is left out; with, the other.
        QVERIFY(!m.body.contains(QStringLiteral("On ")));
        QJsonObject dated = refunded(QStringLiteral("500"));
        dated.insert(QStringLiteral("first"), QStringLiteral("2026-04-21T06:10:00Z"));
        dated.insert(QStringLiteral("last"), QStringLiteral("2026-04-21T06:55:00Z"));
        const RenderedMessage d = renderMessage(person(QStringLiteral("1"), QString(), {}, dated),
                                                kCase, nullptr, QStringLiteral("Billing"));
        QVERIFY2(d.body.startsWith(QStringLiteral("Dear customer,\n\nOn 21 April 2026 a fault")),
                 qPrintable(d.body));
        QCOMPARE(d.body.count(QStringLiteral("a subscription renewal you had not asked for")), 1);
        // Amounts in several currencies are named apart, never added.
        QJsonObject two = refunded(QStringLiteral("100"));
        two.insert(QStringLiteral("amounts"),
                   QJsonObject{{QStringLiteral("USD"), QStringLiteral("100")},
                               {QStringLiteral("JPY"), QStringLiteral("1500")}});
        QCOMPARE(messageFields(person(QStringLiteral("2"), {}, {}, two), kCase, {})
                     .value(QStringLiteral("amount")),
                 QStringLiteral("1,500 JPY and 1.00 USD"));
    }

    void theDefaultFollowsWhatTheIncidentDid()
    {
        const auto subjectFor = [](const QJsonObject &impact) {
            return renderMessage(person(QStringLiteral("9"), QStringLiteral("Chen"), {}, impact),
                                 kCase, nullptr, QStringLiteral("Care"))
                .subject;
        };
        QVERIFY(subjectFor(refunded(QStringLiteral("100"))).contains(u"have refunded it"));
        QVERIFY(subjectFor({{QStringLiteral("incident"), QStringLiteral("refund reversed")},
                            {QStringLiteral("amounts"),
                             QJsonObject{{QStringLiteral("RUB"), QStringLiteral("78400")}}}})
                    .startsWith(u"A refund of 784.00 RUB sent to you by mistake"));
        const QJsonObject paidTwice{
            {QStringLiteral("incident"), QStringLiteral("paid twice")},
            {QStringLiteral("amounts"),
             QJsonObject{{QStringLiteral("CNY"), QStringLiteral("85700")}}},
            {QStringLiteral("recoverable_minor"), QStringLiteral("60000")},
            {QStringLiteral("unrecoverable_minor"), QStringLiteral("25700")},
            {QStringLiteral("currency"), QStringLiteral("CNY")}};
        QVERIFY(subjectFor(paidTwice).startsWith(u"Interest of 857.00 CNY was paid to you twice"));
        const RenderedMessage claw = renderMessage(
            person(QStringLiteral("9"), QStringLiteral("Chen"), {}, paidTwice), kCase, nullptr, {});
        QVERIFY(claw.body.contains(u"we would take back 600.00 CNY"));
        QVERIFY(claw.body.contains(u"the 257.00 CNY you have already"));
        QVERIFY(claw.body.contains(u"Nothing will be taken from your account unless you agree"));
        // Nothing lost: the sentence about it is left out.
        QJsonObject all = paidTwice;
        all.insert(QStringLiteral("unrecoverable_minor"), QStringLiteral("0"));
        QVERIFY(!renderMessage(person(QStringLiteral("9"), {}, {}, all), kCase, nullptr, {})
                     .body.contains(u"already withdrawn"));
        QVERIFY(subjectFor({}).startsWith(u"About an error on your account 9"));
        for (IncidentKind kind : {IncidentKind::WrongCharge, IncidentKind::ReversedRefund,
                                  IncidentKind::DuplicatePayout, IncidentKind::Other}) {
            const MessageTemplate t = defaultTemplate(kind);
            QCOMPARE(templateProblem(t.subject) + templateProblem(t.body) + templateProblem(t.call),
                     QString());
            QVERIFY(!t.call.isEmpty());
        }
    }

    void aTemplateFileOverridesTheDefault()
    {
        const MessageTemplate t =
            parseTemplate(QStringLiteral("# for the SMS gateway's mail bridge\n"
                                         "from: Care Team <care@shop.example>\n"
                                         "name: short apology\n"
                                         "\n"
                                         "[subject]\n"
                                         "Case {case}: {amount} back to you\n"
                                         "[body]\n"
                                         "\n"
                                         "Hello {name|there} ({account}),\n"
                                         "{?recoverable}Recoverable: {recoverable}\n"
                                         "{!dates}No dates known.\n"
                                         "Literal {{braces}} stay.\n"
                                         "[call]\n"
                                         "Ask {name|them} about {amount}.\n"),
                          QStringLiteral("t.txt"));
        QCOMPARE(t.name, QStringLiteral("short apology"));
        QCOMPARE(t.from, QStringLiteral("Care Team <care@shop.example>"));
        const RenderedMessage m = renderMessage(
            person(QStringLiteral("77"), QString(), {}, refunded(QStringLiteral("999"))), kCase, &t,
            QStringLiteral("Care Team"));
        QCOMPARE(m.subject, QStringLiteral("Case 12: 9.99 USD back to you"));
        QCOMPARE(m.body,
                 QStringLiteral("Hello there (77),\nNo dates known.\nLiteral {braces} stay."));
        QCOMPARE(m.call, QStringLiteral("Ask them about 9.99 USD."));
        QCOMPARE(m.from, t.from);
    }

    void aMalformedTemplateIsRefusedWithItsLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("said");
        QTest::newRow("unknown field") << QStringLiteral("[subject]\nHi\n[body]\nDear {nmae},\n")
                                       << QStringLiteral("line 4: unknown field {nmae}");
        QTest::newRow("unclosed") << QStringLiteral("[subject]\nHi {name\n[body]\nx\n")
                                  << QStringLiteral("line 2: an unclosed {");
        QTest::newRow("stray close") << QStringLiteral("[subject]\nHi\n[body]\n\n\nname}\n")
                                     << QStringLiteral("line 6: a } without its {");
        QTest::newRow("condition inside a line")
            << QStringLiteral("[subject]\nHi\n[body]\nx {?dates}y\n")
            << QStringLiteral("line 4: {?dates} may only open a line");
        QTest::newRow("no subject")
            << QStringLiteral("[body]\ntext\n") << QStringLiteral("it has no [subject]");
        QTest::newRow("two-line subject") << QStringLiteral("[subject]\na\nb\n[body]\nx\n")
                                          << QStringLiteral("the subject is one line");
        QTest::newRow("no body") << QStringLiteral("[subject]\na\n[body]\n\n")
                                 << QStringLiteral("it has no [body], or an empty one");
        QTest::newRow("unknown section") << QStringLiteral("[subject]\na\n[sms]\nx\n")
                                         << QStringLiteral("line 3: unknown section [sms]");
        QTest::newRow("stray text before sections")
            << QStringLiteral("Dear all\n[subject]\na\n[body]\nx\n")
            << QStringLiteral("line 1: \"Dear all\" is neither");
    }
    void aMalformedTemplateIsRefusedWithItsLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, said);
        const QString message = [&] {
            try {
                parseTemplate(text, QStringLiteral("bad.txt"));
            } catch (const UserError &e) {
                return e.message();
            }
            return QString();
        }();
        QVERIFY2(message.startsWith(QStringLiteral("The template bad.txt is malformed: ")) &&
                     message.contains(said) && message.contains(u"nothing was written"),
                 qPrintable(message));
    }

    void theMailMergeCsvReadsBackFieldForField()
    {
        RosterPerson tricky =
            person(QStringLiteral("4712"), QStringLiteral("O'Hara, \"Kit\""),
                   QStringLiteral("kit@example.org"), refunded(QStringLiteral("7327136")));
        tricky.phone = QStringLiteral("=HYPERLINK(\"x\")");
        tricky.status = QStringLiteral("proof_asked");
        const RosterPerson plain = person(QStringLiteral("13"), QStringLiteral("Wang"),
                                          QStringLiteral("w@example.cn"), refunded("5"));
        QVector<MergeRow> rows;
        for (const RosterPerson &p : {tricky, plain})
            rows.append({p, renderMessage(p, kCase, nullptr, QStringLiteral("Care"))});
        const QByteArray bytes = mailMergeCsv(rows);
        QVERIFY(bytes.endsWith("\r\n"));
        const QVector<QStringList> read = test::readCsv(QString::fromUtf8(bytes));
        QCOMPARE(read.size(), 3);
        QCOMPARE(read[0], (QStringList{"account", "name", "email", "phone", "status", "amount",
                                       "recoverable", "subject", "body"}));
        QCOMPARE(read[1][1], tricky.name);
        QCOMPARE(read[1][3], QStringLiteral("'=HYPERLINK(\"x\")")); // never run as a formula
        QCOMPARE(read[1][4], QStringLiteral("Written proof asked"));
        QCOMPARE(read[1][5], QStringLiteral("73,271.36 USD"));
        QCOMPARE(read[1][7], rows[0].message.subject);
        QCOMPARE(read[1][8], rows[0].message.body); // line breaks and all
        QVERIFY(read[1][8].contains(u'\n'));
        QCOMPARE(read[2][0], QStringLiteral("13"));
        QCOMPARE(read[2][5], QStringLiteral("0.05 USD"));
    }

    void anEmlIsRawRfc5322ThatParsesBack()
    {
        EmlMessage m;
        m.from = {QStringLiteral("Service clients, \"PayOps\""),
                  QStringLiteral("care@shop.example")};
        m.to = {QStringLiteral("Иванова Анна Сергеевна"), QStringLiteral("anna@example.ru")};
        m.subject = QStringLiteral("Возврат 1 050,00 RUB: мы списали деньги по ошибке — "
                                   "приносим извинения за неудобства");
        const QString body =
            QStringLiteral("Уважаемая Анна,\n"
                           "From here on a line that mbox would mangle, and one = sign.\n"
                           ".\n"
                           "A line that ends in a space \n"
                           "%1\n"
                           "Tab\tinside and 中文 too.")
                .arg(QString(120, QLatin1Char('x')));
        m.body = body;
        m.date = QDateTime(QDate(2026, 5, 5), QTime(10, 0), Qt::UTC);
        m.messageId = messageIdFor(2, QStringLiteral("4711"), m.date, m.from.address);
        m.caseId = 2;
        m.account = QStringLiteral("4711");
        const QByteArray raw = emlBytes(m);

        // CRLF everywhere, no bare CR or LF, nothing but ASCII.
        QVERIFY(!raw.contains("\n\n"));
        QCOMPARE(raw.count('\n'), raw.count("\r\n"));
        QCOMPARE(raw.count('\r'), raw.count("\r\n"));
        for (const char c : raw)
            QVERIFY2(uchar(c) < 128, "a byte outside ASCII");
        const test::ParsedEml eml = test::parseEml(raw);
        for (const char *name : {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
                                 "Content-Type", "Content-Transfer-Encoding"})
            QVERIFY2(eml.count(name) == 1, name);
        QCOMPARE(eml.header("Date"), QByteArray("Tue, 05 May 2026 10:00:00 +0000"));
        QCOMPARE(eml.header("MIME-Version"), QByteArray("1.0"));
        QCOMPARE(eml.header("Content-Type"), QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(eml.header("Content-Transfer-Encoding"), QByteArray("quoted-printable"));
        QVERIFY(QRegularExpression(QStringLiteral("^<payops\\.case2\\.4711\\.[0-9a-f]{20}"
                                                  "@shop\\.example>$"))
                    .match(QString::fromLatin1(eml.header("Message-ID")))
                    .hasMatch());
        QCOMPARE(eml.header("X-PayOps-Case"), QByteArray("2"));
        // The subject: encoded words, each line within 76, back to the text.
        const QByteArray subject = eml.header("Subject");
        QVERIFY(subject.startsWith("=?UTF-8?B?"));
        for (const QByteArray &line : raw.left(raw.indexOf("\r\n\r\n")).split('\n'))
            QVERIFY2(line.size() <= 77, line.constData()); // 76 and the \r
        QCOMPARE(test::decodeHeader(subject), m.subject);
        // The names: the Cyrillic one encoded, the one with a comma and quotes quoted.
        QCOMPARE(test::decodeHeader(eml.header("To")),
                 QStringLiteral("Иванова Анна Сергеевна <anna@example.ru>"));
        // A name that fits one encoded word is one: readers that do not drop the
        // space between words (Python's address parser) then show it whole.
        QCOMPARE(eml.header("To").count("=?UTF-8?B?"), 1);
        // The subject's words end after a space, which they carry encoded.
        const QList<QByteArray> words = subject.split('\n');
        QVERIFY(words.size() > 1);
        QVERIFY(QString::fromUtf8(QByteArray::fromBase64(words[0].trimmed().mid(10).chopped(2)))
                    .endsWith(u' '));
        QCOMPARE(eml.header("From"),
                 QByteArray("\"Service clients, \\\"PayOps\\\"\" <care@shop.example>"));
        // The body: lines within 76, the quoted-printable back to the UTF-8 text.
        for (const QByteArray &line : eml.body.split('\n'))
            QVERIFY2(line.size() <= 77, line.constData());
        QVERIFY(eml.body.contains("\r\n=46rom here"));
        QVERIFY(eml.body.contains("\r\n=2E\r\n"));
        QVERIFY(eml.body.contains("ends in a space=20\r\n"));
        QVERIFY(eml.body.contains("one =3D sign"));
        QByteArray decoded = test::decodeQuotedPrintable(eml.body);
        QVERIFY(decoded.endsWith("\r\n"));
        decoded.chop(2);
        QCOMPARE(QString::fromUtf8(decoded).replace(QStringLiteral("\r\n"), QStringLiteral("\n")),
                 body);
    }

    void aNameNeverInjectsAHeader()
    {
        EmlMessage m;
        m.from = *parseMailbox(QStringLiteral("care@shop.example"));
        m.to = {QStringLiteral("Eve\r\nBcc: everyone@example.com"),
                QStringLiteral("eve@example.com")};
        m.subject = QStringLiteral("Hi\r\nBcc: everyone@example.com");
        m.body = QStringLiteral("x");
        m.date = QDateTime::currentDateTimeUtc();
        m.messageId = QStringLiteral("a@b");
        const test::ParsedEml eml = test::parseEml(emlBytes(m));
        QCOMPARE(eml.count("Bcc"), 0);
        QCOMPARE(eml.header("To"),
                 QByteArray("\"Eve Bcc: everyone@example.com\" <eve@example.com>"));
        QCOMPARE(eml.header("From"), QByteArray("care@shop.example"));
        // An ASCII subject longer than a line is folded at a space.
        m.subject =
            QString(20, QLatin1Char('w')).append(QStringLiteral(" word")).repeated(6).trimmed();
        const test::ParsedEml folded = test::parseEml(emlBytes(m));
        QVERIFY(folded.header("Subject").contains("\r\n "));
        QCOMPARE(QString::fromLatin1(folded.header("Subject"))
                     .replace(QStringLiteral("\r\n"), QString()),
                 m.subject);
        // What is no address is refused.
        for (const char *bad : {"", "no-at-sign", "two@@example.com", "a b@example.com",
                                "имя@example.com", "x@example.com\r\nBcc: y@z", "x@-bad-.com"})
            QVERIFY2(!isUsableAddress(QString::fromUtf8(bad)), bad);
        QVERIFY(isUsableAddress(QStringLiteral("user4711+refund@example.co.uk")));
    }

    void fileNamesAreSafeAndDistinct()
    {
        const QString evil = safeFileStem(QStringLiteral("../../etc/passwd"));
        QVERIFY(!evil.contains(u'/'));
        QVERIFY(!evil.startsWith(u'.'));
        QCOMPARE(safeFileStem(QStringLiteral("4711")), QStringLiteral("4711"));
        QVERIFY(safeFileStem(QStringLiteral("a/b")) != safeFileStem(QStringLiteral("a_b")));
        QVERIFY(safeFileStem(QString(300, QLatin1Char('z'))).size() <= 80);
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9._-]+$"))
                    .match(safeFileStem(QStringLiteral("Ив ан*ов?")))
                    .hasMatch());
    }

    void theExportWritesOneFileAPersonOrNothing()
    {
        QTemporaryDir dir;
        const QVector<RosterPerson> people = {
            person(QStringLiteral("1"), QStringLiteral("Smith"),
                   QStringLiteral("user1@example.com"), refunded(QStringLiteral("1000"))),
            person(QStringLiteral("a/b"), QStringLiteral("Garcia"),
                   QStringLiteral("ab@example.com"), refunded(QStringLiteral("2000"))),
            person(QStringLiteral("3"), QStringLiteral("Brown"), QString(),
                   refunded(QStringLiteral("3000")))};
        ExportOptions options;
        options.format = ExportFormat::Eml;
        options.directory = dir.filePath(QStringLiteral("out/eml"));
        options.from = QStringLiteral("Care <care@shop.example>");
        const ExportResult result = writeExport(kCase, people, options);
        QCOMPARE(result.people, 2);
        QCOMPARE(result.skipped, QStringList{QStringLiteral("3: no e-mail address")});
        QStringList written = QDir(options.directory).entryList(QDir::Files | QDir::Hidden);
        written.sort();
        QCOMPARE(written.size(), 2);
        QCOMPARE(written[0], QStringLiteral("case-12-1.eml"));
        QVERIFY(written[1].startsWith(QStringLiteral("case-12-a_b-")));
        QVERIFY(QDir(options.directory)
                    .entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)
                    .isEmpty());
        QFile one(QDir(options.directory).filePath(written[0]));
        QVERIFY(one.open(QIODevice::ReadOnly));
        const test::ParsedEml eml = test::parseEml(one.readAll());
        QCOMPARE(eml.header("To"), QByteArray("Smith <user1@example.com>"));
        QCOMPARE(eml.header("From"), QByteArray("Care <care@shop.example>"));
        QVERIFY(test::decodeQuotedPrintable(eml.body).contains("10.00 USD"));

        // The call scripts and the CSV.
        options.format = ExportFormat::Calls;
        options.directory = dir.filePath(QStringLiteral("calls"));
        QCOMPARE(writeExport(kCase, people, options).files.size(), 3);
        QFile call(QDir(options.directory).filePath(QStringLiteral("case-12-3-call.txt")));
        QVERIFY(call.open(QIODevice::ReadOnly));
        const QString script = QString::fromUtf8(call.readAll());
        for (const char *part : {"Who:        Brown (account 3)", "no phone number on record",
                                 "Status now: Not contacted", "Charged 30.00 USD by mistake",
                                 "What to say and ask:", "Written proof asked (proof_asked)",
                                 "payops outreach record --case 12 --account 3 --status"})
            QVERIFY2(script.contains(QLatin1String(part)), part);
        options.format = ExportFormat::Csv;
        options.directory = dir.filePath(QStringLiteral("csv"));
        QCOMPARE(writeExport(kCase, people, options).files,
                 QStringList{QStringLiteral("case-12-mail-merge.csv")});

        // Nothing is written when it cannot all be: a folder under a file,
        // a sender that is no address, a person whose amounts are not minor units.
        QFile blocker(dir.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const auto refusal = [&](ExportOptions o, const QVector<RosterPerson> &who) {
            try {
                writeExport(kCase, who, o);
            } catch (const UserError &e) {
                return e.message();
            }
            return QString();
        };
        options.directory = dir.filePath(QStringLiteral("a-file/sub"));
        QVERIFY(refusal(options, people).startsWith(u"Cannot write the export into"));
        options.directory = dir.filePath(QStringLiteral("never"));
        options.format = ExportFormat::Eml;
        options.from = QStringLiteral("Care <not an address>");
        QVERIFY(refusal(options, people).contains(u"is not a sender a mail client takes"));
        options.from.clear();
        QVector<RosterPerson> broken = people;
        broken[2].impact = refunded(QStringLiteral("12.5"));
        QVERIFY(refusal(options, broken).contains(u"account 3 cannot be rendered"));
        QVERIFY(refusal(options, {people[2]}).contains(u"Nobody of the 1 people chosen"));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("never"))));
    }
};

QTEST_APPLESS_MAIN(TestOutreachMessages)
#include "test_outreach_messages.moc"
