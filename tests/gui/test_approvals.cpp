// The two-person rule as people meet it in the console: oncall (operator)
// submits a batch; in the review screen oncall cannot approve it, finance
// (approver) can, after typing the password again.
#include "db/session.h"
#include "demo/demo_cluster.h"
#include "items/query_table_model.h"
#include "ops/batch_review.h"
#include "support/console_fixture.h"
#include "support/test_demo.h"
#include "widgets/batch_review_dialog.h"
#include "widgets/main_window.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace payops;

class TestApprovals : public QObject
{
    Q_OBJECT

    std::unique_ptr<demo::DemoCluster> m_demo;
    test::ConsoleFixture m_console;

    static ConnectionProfile person(const QString &user) { return test::personProfile(user); }

    // Database work of the test itself runs off the GUI thread too.
    template <typename Work> void offThread(Work work)
    {
        QThread *thread = QThread::create(work);
        thread->start();
        QVERIFY(thread->wait(60000));
        delete thread;
    }

    // oncall builds and submits a small refund batch; returns its id and hash.
    QPair<qint64, QString> submittedBatch(const QString &tag)
    {
        qint64 id = 0;
        QString hash;
        offThread([&] {
            db::SessionOptions options;
            options.readOnly = false;
            db::Session oncall(person(QStringLiteral("oncall")), QStringLiteral("oncall"), options);
            const qint64 caseId = ops::createCase(oncall, QStringLiteral("Wrong-customer charges"),
                                                  QStringLiteral("high"));
            id = ops::createBatch(oncall, caseId, QStringLiteral("refund"),
                                  QStringLiteral("refund ") + tag, QStringLiteral("demo"));
            const QString key = tag + QString::number(QCoreApplication::applicationPid());
            ops::addBatchItem(oncall, id, QStringLiteral("payments"), key + QStringLiteral("-1"),
                              Money{15425, QStringLiteral("USD")},
                              QStringLiteral("{\"refund\": \"full\"}"));
            ops::addBatchItem(oncall, id, QStringLiteral("payments"), key + QStringLiteral("-2"),
                              Money{9900, QStringLiteral("USD")},
                              QStringLiteral("{\"refund\": \"full\"}"));
            hash = ops::submitBatch(oncall, id);
        });
        return {id, hash};
    }

    QString stateOf(qint64 batchId)
    {
        QString state;
        offThread([&] {
            db::Session admin(
                ConnectionProfile::fromUri(m_demo->adminUri(QStringLiteral("billing"))), QString(),
                db::SessionOptions());
            state =
                admin
                    .query(QStringLiteral("SELECT state FROM payops.batches WHERE id = $1::bigint"),
                           {QString::number(batchId)})
                    .rows[0][0];
        });
        return state;
    }

    std::unique_ptr<MainWindow> windowAs(const QString &user, const QString &typedPassword)
    {
        auto window = m_console.connectedWindow(person(user), user);
        // Asked when a decision is made (the review gets the window's).
        window->askPassword = [typedPassword](const QString &, bool *ok) {
            *ok = true;
            return typedPassword;
        };
        return window;
    }

    // Opens the review of a batch in a window and waits until it shows.
    static BatchReviewDialog *openReview(MainWindow &window, qint64 batchId)
    {
        BatchReviewDialog *review = window.reviewBatch(batchId);
        QSignalSpy loaded(review, &BatchReviewDialog::loaded);
        if (!loaded.wait(30000))
            qFatal("the review of batch %lld did not load", batchId);
        return review;
    }

    // Clicks a decision button; returns whether the database accepted the decision.
    static bool decide(BatchReviewDialog *review, const QString &button)
    {
        QSignalSpy decision(review, &BatchReviewDialog::decided);
        QTest::mouseClick(review->findChild<QPushButton *>(button), Qt::LeftButton);
        if (!decision.wait(30000))
            qFatal("no decision arrived");
        return decision[0][1].toBool();
    }

private slots:
    void initTestCase()
    {
        const QString dir = qEnvironmentVariable("PAYOPS_DEMO_DIR");
        QVERIFY2(!dir.isEmpty(), "PAYOPS_DEMO_DIR is not set: run through ctest");
        m_demo = std::make_unique<demo::DemoCluster>(dir);
        test::ConsoleFixture::forbidDatabaseCallsOnThisThread();
    }

    void theQueueShowsSubmittedBatches()
    {
        const auto [id, hash] = submittedBatch(QStringLiteral("queue"));
        auto window = windowAs(QStringLiteral("finance"), QStringLiteral("finance"));
        QueryTableModel *queue = window->approvalsModel();
        QTRY_VERIFY_WITH_TIMEOUT(queue->rowCount() > 0 && !queue->isLoading(), 30000);
        bool listed = false;
        for (int r = 0; r < queue->rowCount(); ++r)
            listed = listed || queue->rawValue(r, 0).toLongLong() == id;
        QVERIFY(listed);

        // The author sees it too, as waiting for someone else.
        auto oncall = windowAs(QStringLiteral("oncall"), QStringLiteral("oncall"));
        QueryTableModel *own = oncall->approvalsModel();
        QTRY_VERIFY_WITH_TIMEOUT(own->rowCount() > 0 && !own->isLoading(), 30000);
        QString waiting;
        for (int r = 0; r < own->rowCount(); ++r)
            if (own->rawValue(r, 0).toLongLong() == id)
                waiting = own->rawValue(r, 1);
        QCOMPARE(waiting, QStringLiteral("waiting for an approver"));
        for (int r = 0; r < queue->rowCount(); ++r)
            if (queue->rawValue(r, 0).toLongLong() == id)
                QCOMPARE(queue->rawValue(r, 1), QStringLiteral("your decision"));
    }

    void theAuthorCannotApproveButFinanceCan()
    {
        const auto [id, hash] = submittedBatch(QStringLiteral("twoperson"));

        // oncall, who built it, opens the review and tries to approve.
        auto oncall = windowAs(QStringLiteral("oncall"), QStringLiteral("oncall"));
        BatchReviewDialog *ownReview = openReview(*oncall, id);
        QCOMPARE(ownReview->review().contentHash, hash);
        QCOMPARE(ownReview->review().createdBy, QStringLiteral("oncall"));
        QCOMPARE(ownReview->review().totals.toDisplayString(), QStringLiteral("253.25 USD"));
        QVERIFY(!decide(ownReview, QStringLiteral("approveButton")));
        QVERIFY2(ownReview->outcome().contains(QStringLiteral("refused this decision")) &&
                     ownReview->outcome().contains(QStringLiteral("neither built nor submitted")),
                 qPrintable(ownReview->outcome()));
        QCOMPARE(stateOf(id), QStringLiteral("submitted"));

        // finance approves after typing the password again.
        auto finance = windowAs(QStringLiteral("finance"), QStringLiteral("finance"));
        BatchReviewDialog *review = openReview(*finance, id);
        QVERIFY2(decide(review, QStringLiteral("approveButton")), qPrintable(review->outcome()));
        QCOMPARE(review->outcome(), QStringLiteral("Approved; the batch is now approved."));
        QCOMPARE(stateOf(id), QStringLiteral("approved"));
    }

    void aWrongPasswordDecidesNothing()
    {
        const auto [id, hash] = submittedBatch(QStringLiteral("wrongpw"));
        auto finance = windowAs(QStringLiteral("finance"), QStringLiteral("not-finance"));
        BatchReviewDialog *review = openReview(*finance, id);
        QVERIFY(!decide(review, QStringLiteral("approveButton")));
        QVERIFY2(review->outcome().contains(QStringLiteral("refused the password")),
                 qPrintable(review->outcome()));
        QCOMPARE(stateOf(id), QStringLiteral("submitted"));
    }

    void rejectingNeedsAReason()
    {
        const auto [id, hash] = submittedBatch(QStringLiteral("reject"));
        auto finance = windowAs(QStringLiteral("finance"), QStringLiteral("finance"));
        BatchReviewDialog *review = openReview(*finance, id);
        QVERIFY(!review->findChild<QPushButton *>(QStringLiteral("rejectButton"))->isEnabled());
        review->findChild<QLineEdit *>(QStringLiteral("rejectReason"))
            ->setText(QStringLiteral("amounts look wrong"));
        QVERIFY(review->findChild<QPushButton *>(QStringLiteral("rejectButton"))->isEnabled());
        QVERIFY2(decide(review, QStringLiteral("rejectButton")), qPrintable(review->outcome()));
        QCOMPARE(stateOf(id), QStringLiteral("rejected"));
    }
};

QTEST_MAIN(TestApprovals)
#include "test_approvals.moc"
