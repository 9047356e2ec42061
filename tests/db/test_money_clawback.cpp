// Incident 5's repair: interest paid twice to 70 investors, twelve of whom
// moved most of it out before anyone noticed. On a copy of the demo:
//  - the claw-back planned from the paid-twice finding shows, per investor,
//    the duplicate, the balance now and what moved out since, so what can be
//    taken back now and what not, matching the demo's own record of what it
//    did; the unrecoverable rest becomes a write-off batch of its own;
//  - the 70 are put on the case's roster with their contact details;
//  - support records outcomes; only the agreed investors' items execute,
//    the others are held with their reason; a held item is released when
//    consent comes, given up by finance when it does not;
//  - attacked with plain SQL: an operator recording consent, support
//    building a batch or editing the roster, anyone editing its history,
//    and an item forced out of held without consent: each refused.
#include "core/user_error.h"
#include "support/cli_run.h"
#include "support/drill_copy.h"
#include "support/test_demo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace payops;

namespace {

QJsonObject json(const test::CliRun &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

} // namespace

class TestMoneyClawback : public QObject
{
    Q_OBJECT

private:
    test::CliRun as(const QString &who, QStringList arguments) const
    {
        return test::runCli(arguments << QStringLiteral("--db") << m_copy->uri(who));
    }
    QString sql(const QString &statement) const { return m_copy->value(statement); }
    // The message of the database's refusal of a statement run as someone.
    QString refusal(const QString &who, const QString &statement) const
    {
        db::SessionOptions writable;
        writable.readOnly = false;
        try {
            db::Session s(ConnectionProfile::fromUri(m_copy->uri(who)), QString(), writable);
            s.executeScript(statement);
        } catch (const UserError &e) {
            return e.message();
        }
        return {};
    }
    void approve(const QString &batch) const
    {
        const QString hash = QRegularExpression(QStringLiteral("[0-9a-f]{64}"))
                                 .match(QString::fromUtf8(
                                     as(QStringLiteral("oncall"),
                                        {QStringLiteral("batch"), QStringLiteral("submit"), batch})
                                         .out))
                                 .captured(0);
        QVERIFY(!hash.isEmpty());
        for (const char *who : {"finance", "finance2"}) {
            const test::CliRun approved =
                as(QLatin1String(who), {QStringLiteral("batch"), QStringLiteral("approve"), batch,
                                        QStringLiteral("--hash"), hash});
            QVERIFY2(approved.exitCode == 0, approved.err.constData());
            if (approved.out.contains("approved"))
                break;
        }
    }

    std::unique_ptr<test::DrillCopy> m_copy;
    QString m_case;
    QString m_clawback;
    QString m_writeOff;
    QJsonObject m_plan;
    QString m_rows; // the paid-twice finding's rows

private slots:
    void initTestCase()
    {
        m_copy = std::make_unique<test::DrillCopy>(QStringLiteral("clawback"));
        // The paid-twice finding, and its duplicate payouts.
        QString rows;
        for (const QJsonValue &f : json(as(QStringLiteral("oncall"),
                                           {QStringLiteral("scan"), QStringLiteral("--format"),
                                            QStringLiteral("json")}))[QStringLiteral("findings")]
                                       .toArray())
            if (f[QStringLiteral("title")].toString().contains(QStringLiteral("users paid twice")))
                rows = f[QStringLiteral("sql")][QStringLiteral("rows")].toString();
        QVERIFY2(!rows.isEmpty(), "no paid-twice finding");
        m_rows = rows;
        m_case =
            QString::fromUtf8(as(QStringLiteral("oncall"),
                                 {QStringLiteral("case"), QStringLiteral("open"),
                                  QStringLiteral("--title"), QStringLiteral("Interest paid twice")})
                                  .out)
                .trimmed()
                .section(u'=', 1);
        QVERIFY(!m_case.isEmpty());
        const test::CliRun planned = as(
            QStringLiteral("oncall"),
            {QStringLiteral("money"), QStringLiteral("plan"), QStringLiteral("claw-back"),
             QStringLiteral("--payouts-of-rows"),
             QStringLiteral("SELECT f.row_key AS payout FROM (\n%1\n) AS f").arg(rows),
             QStringLiteral("--case"), m_case, QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        m_plan = json(planned);
        m_clawback = QString::number(m_plan[QStringLiteral("claw_back_batch")].toInteger());
        m_writeOff = QString::number(m_plan[QStringLiteral("write_off_batch")].toInteger());
    }

    void thePlanShowsWhatCanBeTakenBackPerInvestor()
    {
        // The demo's record of what it did: per duplicate, what the
        // balance still holds of it.
        const QJsonArray people = m_plan[QStringLiteral("people")].toArray();
        QCOMPARE(people.size(), 70);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM demo_truth.clawback")),
                 QStringLiteral("70"));
        int partial = 0;
        for (const QJsonValue &p : people) {
            const QString account = p[QStringLiteral("account")].toString();
            const QString truth =
                sql(QStringLiteral("SELECT duplicate_minor || ' ' || recoverable_minor || ' ' || "
                                   "moved_out_minor FROM demo_truth.clawback WHERE account_id = %1")
                        .arg(account.toLongLong()));
            QCOMPARE(p[QStringLiteral("duplicate_minor")].toString() + u' ' +
                         p[QStringLiteral("recoverable_minor")].toString() + u' ' +
                         p[QStringLiteral("moved_out_minor")].toString(),
                     truth);
            QCOMPARE(p[QStringLiteral("currency")].toString(), QStringLiteral("CNY"));
            if (p[QStringLiteral("unrecoverable_minor")].toString() != u"0")
                ++partial;
        }
        QCOMPARE(partial, 12);
        QCOMPARE(m_plan[QStringLiteral("recoverable_minor")][QStringLiteral("CNY")].toString(),
                 sql(QStringLiteral("SELECT sum(recoverable_minor) FROM demo_truth.clawback")));
        QCOMPARE(m_plan[QStringLiteral("unrecoverable_minor")][QStringLiteral("CNY")].toString(),
                 sql(QStringLiteral(
                     "SELECT sum(duplicate_minor - recoverable_minor) FROM demo_truth.clawback")));
        QCOMPARE(m_plan[QStringLiteral("claw_back_items")].toInt(), 70);
        QCOMPARE(m_plan[QStringLiteral("write_off_items")].toInt(), 12);
        QCOMPARE(
            sql(QStringLiteral("SELECT kind FROM payops.batches WHERE id = %1").arg(m_writeOff)),
            QStringLiteral("write-off"));
    }

    void theInvestorsAreOnTheRosterWithTheirContacts()
    {
        QCOMPARE(m_plan[QStringLiteral("rostered")].toInt(), 70);
        const test::CliRun listed =
            as(QStringLiteral("support"),
               {QStringLiteral("outreach"), QStringLiteral("list"), QStringLiteral("--case"),
                m_case, QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray people = json(listed)[QStringLiteral("people")].toArray();
        QCOMPARE(people.size(), 70);
        for (const QJsonValue &p : people) {
            QCOMPARE(p[QStringLiteral("status")].toString(), QStringLiteral("not_contacted"));
            QCOMPARE(p[QStringLiteral("email")].toString(),
                     sql(QStringLiteral("SELECT email FROM accounts WHERE id = %1")
                             .arg(p[QStringLiteral("account")].toString())));
            QVERIFY(!p[QStringLiteral("impact")][QStringLiteral("amounts")][QStringLiteral("CNY")]
                         .toString()
                         .isEmpty());
        }
    }

    void onlyTheAgreedAreClawedBack()
    {
        approve(m_clawback);
        const QStringList accounts =
            sql(QStringLiteral("SELECT string_agg(account, ',' ORDER BY length(account), account) "
                               "FROM payops.roster_people WHERE case_id = %1")
                    .arg(m_case))
                .split(u',');
        QCOMPARE(accounts.size(), 70);
        const QStringList agreed = accounts.mid(0, 40);
        const QString refused = accounts[40];
        const QString proof = accounts[41];
        const QString later = accounts[42];
        const auto record = [&](const QStringList &who, const QString &status) {
            const test::CliRun r =
                as(QStringLiteral("support"),
                   {QStringLiteral("outreach"), QStringLiteral("record"), QStringLiteral("--case"),
                    m_case, QStringLiteral("--account"), who.join(u','), QStringLiteral("--status"),
                    status, QStringLiteral("--note"), QStringLiteral("called; ") + status});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        };
        record(agreed, QStringLiteral("agreed")); // a bulk action over a selection
        record({refused}, QStringLiteral("refused"));
        record({proof}, QStringLiteral("proof_asked"));
        const QString balanceBefore =
            sql(QStringLiteral("SELECT balance_minor FROM investor_balances WHERE account_id = %1")
                    .arg(agreed[0]));
        const test::CliRun ran = as(QStringLiteral("oncall"),
                                    {QStringLiteral("batch"), QStringLiteral("run"), m_clawback});
        QVERIFY2(ran.exitCode == 0, (ran.err + ran.out).constData());
        QVERIFY2(ran.out.contains("40 applied") && ran.out.contains("30 held for consent"),
                 ran.out.constData());
        QCOMPARE(
            sql(QStringLiteral("SELECT count(*) FROM balance_movements WHERE kind = 'clawback'")),
            QStringLiteral("40"));
        const QString taken =
            sql(QStringLiteral(
                    "SELECT -amount_minor FROM balance_movements WHERE kind = 'clawback' AND "
                    "account_id = %1")
                    .arg(agreed[0]));
        QCOMPARE(
            sql(QStringLiteral("SELECT balance_minor FROM investor_balances WHERE account_id = %1")
                    .arg(agreed[0])),
            QString::number(balanceBefore.toLongLong() - taken.toLongLong()));
        // Each held item says why, for finance.
        QCOMPARE(sql(QStringLiteral(
                         "SELECT r.detail FROM payops.item_runs r JOIN payops.batch_items i USING "
                         "(batch_id, item_no) WHERE r.batch_id = %1 AND payops.person_of(i.change) "
                         "= '%2'")
                         .arg(m_clawback, refused)),
                 QStringLiteral("account %1 is refused: a claw-back is taken only with their "
                                "agreement")
                     .arg(refused));
        // Consent that comes later releases the item; the next run takes it.
        record({later}, QStringLiteral("agreed"));
        const test::CliRun again = as(QStringLiteral("oncall"),
                                      {QStringLiteral("batch"), QStringLiteral("run"), m_clawback});
        QVERIFY2(again.out.contains("41 applied") && again.out.contains("29 held"),
                 again.out.constData());
        // Finance gives up on the one who refused; an operator may not.
        const QString item = sql(
            QStringLiteral("SELECT i.item_no FROM payops.batch_items i WHERE i.batch_id = %1 AND "
                           "payops.person_of(i.change) = '%2'")
                .arg(m_clawback, refused));
        const QStringList giveUp = {QStringLiteral("batch"),
                                    QStringLiteral("give-up"),
                                    m_clawback,
                                    QStringLiteral("--item"),
                                    item,
                                    QStringLiteral("--reason"),
                                    QStringLiteral("refused on the phone; written off")};
        QVERIFY(as(QStringLiteral("oncall"), giveUp).exitCode != 0);
        const test::CliRun gaveUp = as(QStringLiteral("finance"), giveUp);
        QVERIFY2(gaveUp.exitCode == 0, gaveUp.err.constData());
        QCOMPARE(sql(QStringLiteral("SELECT state || ' ' || reason FROM payops.item_runs WHERE "
                                    "batch_id = %1 AND item_no = %2")
                         .arg(m_clawback, item)),
                 QStringLiteral("failed not_recovered"));
        // Every outreach change is in the audit chain.
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM payops.audit_log WHERE action = "
                                    "'outreach.record' AND case_id = %1")
                         .arg(m_case)),
                 QStringLiteral("43"));
    }

    void theWriteOffIsApprovedAndRecorded()
    {
        approve(m_writeOff);
        const test::CliRun ran = as(QStringLiteral("oncall"),
                                    {QStringLiteral("batch"), QStringLiteral("run"), m_writeOff});
        QVERIFY2(ran.out.contains("is done") && ran.out.contains("12 applied"),
                 (ran.err + ran.out).constData());
        QCOMPARE(sql(QStringLiteral("SELECT sum(i.amount_minor) FROM payops.batch_items i JOIN "
                                    "payops.item_runs r USING (batch_id, item_no) WHERE i.batch_id "
                                    "= %1 AND r.effect = 'recorded'")
                         .arg(m_writeOff)),
                 sql(QStringLiteral(
                     "SELECT sum(duplicate_minor - recoverable_minor) FROM demo_truth.clawback")));
    }

    void plainSqlCannotGetAroundConsent()
    {
        const QString anyone =
            sql(QStringLiteral(
                    "SELECT account FROM payops.roster_people WHERE case_id = %1 AND status = "
                    "'not_contacted' ORDER BY account LIMIT 1")
                    .arg(m_case));
        // An operator records no consent: only support does.
        QVERIFY(refusal(QStringLiteral("oncall"),
                        QStringLiteral("SELECT payops.record_outreach(%1, ARRAY['%2'], 'agreed', "
                                       "NULL, NULL, NULL, NULL)")
                            .arg(m_case, anyone))
                    .contains(QStringLiteral("permission denied for function record_outreach")));
        // Support changes nothing but outreach.
        QVERIFY(refusal(QStringLiteral("support"),
                        QStringLiteral("SELECT payops.create_batch(%1, 'claw-back', 'x', 'demo')")
                            .arg(m_case))
                    .contains(QStringLiteral("permission denied")));
        QVERIFY(refusal(QStringLiteral("support"),
                        QStringLiteral("UPDATE payops.roster_people SET status = 'agreed' WHERE "
                                       "case_id = %1")
                            .arg(m_case))
                    .contains(QStringLiteral("permission denied")));
        QVERIFY(refusal(QStringLiteral("support"),
                        QStringLiteral("UPDATE public.investor_balances SET balance_minor = 0"))
                    .contains(QStringLiteral("permission denied")));
        // Nobody edits outreach history, not even the cluster owner.
        for (const QString &attack :
             {QStringLiteral("UPDATE payops.roster_events SET status = 'agreed'"),
              QStringLiteral("DELETE FROM payops.roster_events"),
              QStringLiteral("TRUNCATE payops.roster_events CASCADE"),
              QStringLiteral("DELETE FROM payops.roster_people")})
            QVERIFY2(!refusal(QStringLiteral("admin"), attack).isEmpty(), qPrintable(attack));
        // A held item forced to pending (a fault, or someone with the
        // owner's rights) still takes nothing: the apply refuses it.
        const QString item =
            sql(QStringLiteral(
                    "SELECT i.item_no FROM payops.batch_items i JOIN payops.item_runs r USING "
                    "(batch_id, item_no) WHERE i.batch_id = %1 AND r.state = 'held' AND "
                    "payops.person_of(i.change) = '%2'")
                    .arg(m_clawback, anyone));
        QVERIFY(!item.isEmpty());
        QVERIFY(refusal(QStringLiteral("admin"),
                        QStringLiteral("UPDATE payops.item_runs SET state = 'pending' WHERE "
                                       "batch_id = %1 AND item_no = %2")
                            .arg(m_clawback, item))
                    .isEmpty());
        const QString movements =
            sql(QStringLiteral("SELECT count(*) FROM balance_movements WHERE kind = 'clawback'"));
        const test::CliRun ran = as(QStringLiteral("oncall"),
                                    {QStringLiteral("batch"), QStringLiteral("run"), m_clawback});
        QVERIFY2(ran.exitCode != 2, (ran.err + ran.out).constData());
        QCOMPARE(sql(QStringLiteral("SELECT state || ' ' || reason FROM payops.item_runs WHERE "
                                    "batch_id = %1 AND item_no = %2")
                         .arg(m_clawback, item)),
                 QStringLiteral("conflict no_consent"));
        QCOMPARE(
            sql(QStringLiteral("SELECT count(*) FROM balance_movements WHERE kind = 'clawback'")),
            movements);
    }

    void theCaseDoesNotCloseWhileItsClawBackWaits()
    {
        const auto move = [&](const QString &to, bool override = false) {
            QStringList a = {QStringLiteral("case"),
                             QStringLiteral("move"),
                             m_case,
                             QStringLiteral("--to"),
                             to,
                             QStringLiteral("--reason"),
                             QStringLiteral("as the repair went")};
            if (override)
                a << QStringLiteral("--override");
            return as(QStringLiteral("oncall"), a);
        };
        const QString someone =
            sql(QStringLiteral(
                    "SELECT account FROM payops.roster_people WHERE case_id = %1 AND status = "
                    "'not_contacted' ORDER BY account DESC LIMIT 1")
                    .arg(m_case));
        QCOMPARE(as(QStringLiteral("support"),
                    {QStringLiteral("outreach"), QStringLiteral("record"), QStringLiteral("--case"),
                     m_case, QStringLiteral("--account"), someone, QStringLiteral("--status"),
                     QStringLiteral("contacted")})
                     .exitCode,
                 0);
        QCOMPARE(move(QStringLiteral("closed")).exitCode, 1); // open -> closed skips steps
        QCOMPARE(move(QStringLiteral("mitigating")).exitCode, 0);
        QCOMPARE(move(QStringLiteral("resolved")).exitCode, 0);
        const test::CliRun refused = move(QStringLiteral("closed"));
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(
            refused.err.contains(
                QStringLiteral("batch %1 (claw-back) is executing").arg(m_clawback).toUtf8()) &&
                refused.err.contains("1 person of the roster is contacted with no next step"),
            refused.err.constData());
        QCOMPARE(sql(QStringLiteral("SELECT status FROM payops.cases WHERE id = %1").arg(m_case)),
                 QStringLiteral("resolved"));
        // Support may not move it; an operator closes it anyway, saying why.
        QVERIFY(as(QStringLiteral("support"),
                   {QStringLiteral("case"), QStringLiteral("move"), m_case, QStringLiteral("--to"),
                    QStringLiteral("closed"), QStringLiteral("--reason"), QStringLiteral("x")})
                    .exitCode != 0);
        QCOMPARE(move(QStringLiteral("closed"), true).exitCode, 0);
        QCOMPARE(sql(QStringLiteral("SELECT jsonb_array_length(body -> 'overridden') FROM "
                                    "payops.case_events WHERE case_id = %1 AND kind = 'transition' "
                                    "AND body ->> 'to' = 'closed'")
                         .arg(m_case)),
                 QStringLiteral("2"));
    }

    void supportPutsAFindingsUsersOnARoster()
    {
        const QString other = QString::fromUtf8(as(QStringLiteral("oncall"),
                                                   {QStringLiteral("case"), QStringLiteral("open"),
                                                    QStringLiteral("--title"),
                                                    QStringLiteral("Apology for the duplicates")})
                                                    .out)
                                  .trimmed()
                                  .section(u'=', 1);
        const QStringList add = {QStringLiteral("outreach"),        QStringLiteral("add"),
                                 QStringLiteral("--case"),          other,
                                 QStringLiteral("--users-of-rows"), m_rows};
        const test::CliRun added = as(QStringLiteral("support"), add);
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QVERIFY2(added.out.startsWith("70 people added"), added.out.constData());
        QVERIFY2(as(QStringLiteral("support"), add).out.startsWith("0 people added"),
                 "a second add changed the roster");
        QCOMPARE(sql(QStringLiteral("SELECT sum((impact -> 'amounts' ->> 'CNY')::bigint) FROM "
                                    "payops.roster_people WHERE case_id = %1")
                         .arg(other)),
                 sql(QStringLiteral("SELECT sum(duplicate_minor) FROM demo_truth.clawback")));
        // Rows without a user_id column: said, and nobody added.
        const test::CliRun wrong =
            as(QStringLiteral("support"),
               {QStringLiteral("outreach"), QStringLiteral("add"), QStringLiteral("--case"), other,
                QStringLiteral("--users-of-rows"), QStringLiteral("SELECT 1 AS account")});
        QVERIFY2(wrong.exitCode != 0 && wrong.err.contains("user_id"), wrong.err.constData());
    }

    void cleanupTestCase() { m_copy.reset(); }
};

QTEST_GUILESS_MAIN(TestMoneyClawback)
#include "test_money_clawback.moc"
