// The fake payment provider, checked over real sockets with the client the
// console's adapter uses (QNetworkAccessManager): each misbehaviour does
// what it says, and the ledger (the books a test trusts) holds exactly what
// the provider did, whatever the client saw.
#include "support/fake_provider.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSet>
#include <QTest>

#include <functional>
#include <memory>

using payops::test::FakeProvider;
using Mode = FakeProvider::Mode;

namespace {

// As the api key of a request: send no Authorization header at all.
const QString noAuthorization = QStringLiteral("<no Authorization header>");

// What the client saw of one request.
struct Seen
{
    int status = 0; // 0: no HTTP answer
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QJsonObject body;
    qint64 ms = 0;
};

QJsonObject operation(const QString &key, qint64 amountMinor,
                      const QString &payment = QStringLiteral("pay_1"),
                      const QString &currency = QStringLiteral("USD"))
{
    return {{QStringLiteral("payment"), payment},
            {QStringLiteral("amount_minor"), amountMinor},
            {QStringLiteral("currency"), currency},
            {QStringLiteral("reference"), key},
            {QStringLiteral("description"), QStringLiteral("incident 7 refund")}};
}

QString errorCode(const Seen &seen)
{
    return seen.body.value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

} // namespace

class TestFakeProvider : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeProvider> m_provider;
    QNetworkAccessManager m_network;

    QNetworkRequest request(const QString &path, const QString &key, int timeoutMs,
                            const QString &apiKey)
    {
        QNetworkRequest request(m_provider->url().resolved(QUrl(path)));
        if (apiKey != noAuthorization)
            request.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
        if (!key.isEmpty())
            request.setRawHeader("Idempotency-Key", key.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setTransferTimeout(timeoutMs);
        return request;
    }

    // Replies started with startPost(), aborted (their callbacks cut off)
    // when a test ends before they finished, so none calls into a finished
    // test's locals.
    QList<QPointer<QNetworkReply>> m_started;

    // Starts a POST; `done` gets what the client saw.
    void startPost(const QString &path, const QString &key, const QByteArray &body,
                   const std::function<void(const Seen &)> &done, int timeoutMs = 10000,
                   QString apiKey = QString())
    {
        if (apiKey.isNull())
            apiKey = m_provider->apiKey();
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        QNetworkReply *reply = m_network.post(request(path, key, timeoutMs, apiKey), body);
        m_started << reply;
        connect(reply, &QNetworkReply::finished, this, [reply, clock, done] {
            done(seenOf(reply, clock->elapsed()));
            reply->deleteLater();
        });
    }

    static Seen seenOf(QNetworkReply *reply, qint64 ms)
    {
        Seen seen;
        seen.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        seen.error = reply->error();
        if (reply->isOpen()) // an aborted reply (a client timeout) has nothing to read
            seen.body = QJsonDocument::fromJson(reply->readAll()).object();
        seen.ms = ms;
        return seen;
    }

    Seen wait(QNetworkReply *reply)
    {
        QElapsedTimer clock;
        clock.start();
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        const Seen seen = seenOf(reply, clock.elapsed());
        reply->deleteLater();
        return seen;
    }

    Seen postRaw(const QString &path, const QString &key, const QByteArray &body,
                 int timeoutMs = 10000, QString apiKey = QString())
    {
        if (apiKey.isNull())
            apiKey = m_provider->apiKey();
        return wait(m_network.post(request(path, key, timeoutMs, apiKey), body));
    }

    Seen post(const QString &key, const QJsonObject &body, int timeoutMs = 10000,
              const QString &path = QStringLiteral("/v1/refunds"))
    {
        return postRaw(path, key, QJsonDocument(body).toJson(QJsonDocument::Compact), timeoutMs);
    }

    Seen lookup(const QString &key, const QString &operations = QStringLiteral("refunds"),
                QString apiKey = QString())
    {
        if (apiKey.isNull())
            apiKey = m_provider->apiKey();
        const QString path = QStringLiteral("/v1/%1/by-reference/%2")
                                 .arg(operations, QString::fromUtf8(QUrl::toPercentEncoding(key)));
        return wait(m_network.get(request(path, QString(), 10000, apiKey)));
    }

    // Runs the event loop until `finished()` or `ms` pass.
    static bool spinUntil(const std::function<bool()> &finished, int ms)
    {
        QElapsedTimer clock;
        clock.start();
        while (!finished() && clock.elapsed() < ms)
            QTest::qWait(5);
        return finished();
    }

private slots:
    void initTestCase()
    {
        m_provider = std::make_unique<FakeProvider>();
        QVERIFY(m_provider->isListening());
        QCOMPARE(m_provider->url().host(), QStringLiteral("127.0.0.1"));
        QVERIFY(m_provider->url().port() > 0);
    }

    void init() { m_provider->clear(); }

    void cleanup()
    {
        for (const QPointer<QNetworkReply> &reply : std::as_const(m_started)) {
            if (reply && !reply->isFinished()) {
                reply->disconnect(this);
                reply->abort();
            }
        }
        m_started.clear();
    }

    void successThenReplayAnswersTheSameAndBooksOnce()
    {
        const Seen first = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 1250));
        QCOMPARE(first.status, 200);
        QCOMPARE(first.body.value(QStringLiteral("id")).toString(), QStringLiteral("re_000001"));
        QCOMPARE(first.body.value(QStringLiteral("object")).toString(), QStringLiteral("refund"));
        QCOMPARE(first.body.value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        QCOMPARE(first.body.value(QStringLiteral("reference")).toString(), QStringLiteral("k-1"));
        QCOMPARE(first.body.value(QStringLiteral("amount_minor")).toInteger(), qint64(1250));
        QCOMPARE(first.body.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));

        // The same body with its fields in another order is the same body.
        const QByteArray text = "{\"reference\":\"k-1\",\"description\":\"incident 7 refund\","
                                "\"currency\":\"USD\",\"amount_minor\":1250,\"payment\":\"pay_1\"}";
        const Seen replay = postRaw(QStringLiteral("/v1/refunds"), QStringLiteral("k-1"), text);
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.body, first.body);

        const auto ledger = m_provider->ledger();
        QCOMPARE(ledger.size(), 1);
        QCOMPARE(ledger.at(0).key, QStringLiteral("k-1"));
        QCOMPARE(ledger.at(0).operation, QStringLiteral("refund"));
        QCOMPARE(ledger.at(0).payment, QStringLiteral("pay_1"));
        QCOMPARE(ledger.at(0).amountMinor, qint64(1250));
        QCOMPARE(ledger.at(0).status, QStringLiteral("succeeded"));
        QCOMPARE(ledger.at(0).providerId, QStringLiteral("re_000001"));
        QCOMPARE(ledger.at(0).posts, 2);
        QCOMPARE(m_provider->succeededCount(), 1);
        QCOMPARE(m_provider->totalsPerCurrency(), (QMap<QString, qint64>{{"USD", 1250}}));
        QCOMPARE(m_provider->postsFor(QStringLiteral("k-1")), 2);
        QVERIFY(m_provider->keysWithMoreThanOneBody().isEmpty());
        QCOMPARE(m_provider->requests().size(), 2);

        // Ids count up across operations.
        const Seen transfer = post(QStringLiteral("k-2"), operation(QStringLiteral("k-2"), 5),
                                   10000, QStringLiteral("/v1/transfers"));
        QCOMPARE(transfer.body.value(QStringLiteral("id")).toString(), QStringLiteral("tr_000002"));
        QCOMPARE(transfer.body.value(QStringLiteral("object")).toString(),
                 QStringLiteral("transfer"));
    }

    void sameKeyOtherBodyIsRefusedAndChangesNothing()
    {
        QCOMPARE(post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 1250)).status, 200);
        const Seen other = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 9999));
        QCOMPARE(other.status, 409);
        QCOMPARE(errorCode(other), QStringLiteral("idempotency_key_reused"));
        // The same key on another operation is another request too.
        const Seen elsewhere = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 1250),
                                    10000, QStringLiteral("/v1/transfers"));
        QCOMPARE(elsewhere.status, 409);

        QCOMPARE(m_provider->ledger().size(), 1);
        QCOMPARE(m_provider->ledger().at(0).amountMinor, qint64(1250));
        QCOMPARE(m_provider->totalsPerCurrency().value(QStringLiteral("USD")), qint64(1250));
        QCOMPARE(m_provider->keysWithMoreThanOneBody(), QStringList{QStringLiteral("k-1")});
    }

    void refusalIsDefinitiveAndReplaysTheSame()
    {
        m_provider->setMode(Mode::Refuse);
        const Seen first = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 700));
        QCOMPARE(first.status, 402);
        QCOMPARE(first.body.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(errorCode(first), QStringLiteral("card_declined"));
        const Seen replay = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 700));
        QCOMPARE(replay.status, 402);
        QCOMPARE(replay.body, first.body);

        // A refusal stays a refusal when the provider is healthy again, and
        // a lookup finds it failed.
        m_provider->setMode(Mode::Normal);
        QCOMPARE(post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 700)).status, 402);
        const Seen found = lookup(QStringLiteral("k-1"));
        QCOMPARE(found.status, 200);
        QCOMPARE(found.body, first.body);

        // A refusal the test set on one payment, with its own code.
        m_provider->refusePayment(QStringLiteral("pay_9"), QStringLiteral("insufficient_funds"));
        const Seen refused = post(QStringLiteral("k-2"),
                                  operation(QStringLiteral("k-2"), 5, QStringLiteral("pay_9")));
        QCOMPARE(refused.status, 402);
        QCOMPARE(errorCode(refused), QStringLiteral("insufficient_funds"));
        QCOMPARE(post(QStringLiteral("k-3"), operation(QStringLiteral("k-3"), 5)).status, 200);

        const auto ledger = m_provider->ledger();
        QCOMPARE(ledger.size(), 3);
        QCOMPARE(ledger.at(0).status, QStringLiteral("failed"));
        QCOMPARE(ledger.at(0).errorCode, QStringLiteral("card_declined"));
        QCOMPARE(ledger.at(0).posts, 3);
        QCOMPARE(ledger.at(1).status, QStringLiteral("failed"));
        QCOMPARE(m_provider->succeededCount(), 1);
        QCOMPARE(m_provider->totalsPerCurrency(), (QMap<QString, qint64>{{"USD", 5}}));
    }

    void lostAfterSuccessIsBookedAndFoundByReference()
    {
        m_provider->setMode(Mode::LostAfterSuccess);
        const Seen lost = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 300));
        QCOMPARE(lost.status, 0);
        QVERIFY(lost.error != QNetworkReply::NoError);
        qInfo("client saw error %d after %lld ms; POSTs the provider got: %d", int(lost.error),
              lost.ms, m_provider->postsFor(QStringLiteral("k-1")));

        // QNetworkAccessManager resends by itself when a connection closes
        // before the answer: the provider may see more than one POST, but
        // books once.
        const auto ledger = m_provider->ledger();
        QCOMPARE(ledger.size(), 1);
        QCOMPARE(ledger.at(0).status, QStringLiteral("succeeded"));
        QVERIFY(m_provider->postsFor(QStringLiteral("k-1")) >= 1);
        for (const auto &request : m_provider->requests()) {
            QCOMPARE(request.status, 0);
            QCOMPARE(request.mode, Mode::LostAfterSuccess);
        }

        const Seen found = lookup(QStringLiteral("k-1")); // lookups stay honest
        QCOMPARE(found.status, 200);
        QCOMPARE(found.body.value(QStringLiteral("id")).toString(), ledger.at(0).providerId);
        QCOMPARE(found.body.value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        QCOMPARE(m_provider->ledger().size(), 1);
    }

    void serverErrorAfterSuccessIsBooked()
    {
        m_provider->setMode(Mode::ServerErrorAfterSuccess);
        const Seen seen = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 300));
        QCOMPARE(seen.status, 503);
        QCOMPARE(errorCode(seen), QStringLiteral("service_unavailable"));
        QCOMPARE(m_provider->ledger().size(), 1);
        QCOMPARE(m_provider->succeededCount(), 1);
        QCOMPARE(lookup(QStringLiteral("k-1")).status, 200);

        // Lookups can fail too, and then say nothing definitive.
        m_provider->setLookupsFail(true);
        QCOMPARE(lookup(QStringLiteral("k-1")).status, 503);
        QCOMPARE(lookup(QStringLiteral("never")).status, 503);
    }

    void timeoutAfterSuccessIsBookedWhileTheClientGivesUp()
    {
        m_provider->setMode(Mode::TimeoutAfterSuccess);
        m_provider->setDelay(2000);
        const Seen seen = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 300), 300);
        QCOMPARE(seen.status, 0);
        QVERIFY(seen.error != QNetworkReply::NoError);
        QVERIFY2(seen.ms < 1500, qPrintable(QString::number(seen.ms)));
        qInfo("client gave up after %lld ms with error %d", seen.ms, int(seen.error));
        QCOMPARE(m_provider->ledger().size(), 1);
        QCOMPARE(m_provider->ledger().at(0).status, QStringLiteral("succeeded"));

        // The held answer does not stall anyone else: a lookup is answered now.
        const Seen found = lookup(QStringLiteral("k-1"));
        QCOMPARE(found.status, 200);
        QVERIFY2(found.ms < 500, qPrintable(QString::number(found.ms)));
    }

    void slowAnswersDoNotStallAConcurrentRequest()
    {
        m_provider->setMode(Mode::Slow);
        m_provider->setDelay(1000);
        QElapsedTimer clock;
        clock.start();
        QVector<Seen> seen;
        for (const QString &key : {QStringLiteral("k-1"), QStringLiteral("k-2")})
            startPost(QStringLiteral("/v1/refunds"), key,
                      QJsonDocument(operation(key, 10)).toJson(QJsonDocument::Compact),
                      [&seen](const Seen &s) { seen << s; });
        QVERIFY(spinUntil([&seen] { return seen.size() == 2; }, 5000));
        const qint64 both = clock.elapsed();
        qInfo("two slow POSTs (1000 ms each) answered together after %lld ms", both);
        for (const Seen &s : seen) {
            QCOMPARE(s.status, 200);
            QVERIFY2(s.ms >= 900, qPrintable(QString::number(s.ms)));
        }
        // Served side by side, not one after the other.
        QVERIFY2(both < 1800, qPrintable(QString::number(both)));
        QCOMPARE(m_provider->ledger().size(), 2);
    }

    void unauthorizedRequestsBookNothing()
    {
        const QByteArray body =
            QJsonDocument(operation(QStringLiteral("k-1"), 5)).toJson(QJsonDocument::Compact);
        const Seen none = postRaw(QStringLiteral("/v1/refunds"), QStringLiteral("k-1"), body, 10000,
                                  noAuthorization);
        QCOMPARE(none.status, 401);
        QCOMPARE(errorCode(none), QStringLiteral("unauthorized"));
        const Seen wrong = postRaw(QStringLiteral("/v1/refunds"), QStringLiteral("k-1"), body,
                                   10000, QStringLiteral("sk_other"));
        QCOMPARE(wrong.status, 401);
        QCOMPARE(
            lookup(QStringLiteral("k-1"), QStringLiteral("refunds"), QStringLiteral("x")).status,
            401);
        QVERIFY(m_provider->ledger().isEmpty());
        QCOMPARE(m_provider->postsFor(QStringLiteral("k-1")), 0);
        QCOMPARE(m_provider->requests().size(), 3);
    }

    void badRequestsAreRefusedAndBookNothing()
    {
        const QByteArray body =
            QJsonDocument(operation(QStringLiteral("k-1"), 5)).toJson(QJsonDocument::Compact);
        const Seen noKey = postRaw(QStringLiteral("/v1/refunds"), QString(), body);
        QCOMPARE(noKey.status, 400);
        QCOMPARE(errorCode(noKey), QStringLiteral("missing_idempotency_key"));
        const Seen malformed = postRaw(QStringLiteral("/v1/refunds"), QStringLiteral("k-1"), "{");
        QCOMPARE(malformed.status, 400);
        QCOMPARE(errorCode(malformed), QStringLiteral("invalid_json"));
        QJsonObject noAmount = operation(QStringLiteral("k-1"), 5);
        noAmount.remove(QStringLiteral("amount_minor"));
        QCOMPARE(errorCode(post(QStringLiteral("k-1"), noAmount)),
                 QStringLiteral("invalid_request"));
        QJsonObject fractional = operation(QStringLiteral("k-1"), 5);
        fractional.insert(QStringLiteral("amount_minor"), 5.5);
        QCOMPARE(post(QStringLiteral("k-1"), fractional).status, 400);
        QCOMPARE(post(QStringLiteral("k-1"), operation(QStringLiteral("k-other"), 5)).status, 400);
        QCOMPARE(post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 5), 10000,
                      QStringLiteral("/v1/chargebacks"))
                     .status,
                 404);
        QVERIFY(m_provider->ledger().isEmpty());
        // A valid request after the bad ones is booked normally.
        QCOMPARE(post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 5)).status, 200);
        QCOMPARE(m_provider->ledger().size(), 1);
    }

    void duplicateDeliveryBooksOnceAndLogsTwice()
    {
        m_provider->setMode(Mode::DuplicateDelivery);
        const Seen seen = post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 42));
        QCOMPARE(seen.status, 200);
        QCOMPARE(m_provider->ledger().size(), 1);
        QCOMPARE(m_provider->totalsPerCurrency().value(QStringLiteral("USD")), qint64(42));
        const auto requests = m_provider->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).key, QStringLiteral("k-1"));
        QCOMPARE(requests.at(1).key, QStringLiteral("k-1"));
        QVERIFY(!requests.at(0).redelivery);
        QVERIFY(requests.at(1).redelivery);
        QCOMPARE(requests.at(1).status, 200);
        QCOMPARE(m_provider->postsFor(QStringLiteral("k-1")), 2);
    }

    void unknownReferenceIsMissing()
    {
        const Seen seen = lookup(QStringLiteral("never-sent/with a slash"));
        QCOMPARE(seen.status, 404);
        QCOMPARE(errorCode(seen), QStringLiteral("resource_missing"));
        // A key booked for a refund is not a transfer.
        QCOMPARE(post(QStringLiteral("k-1"), operation(QStringLiteral("k-1"), 5)).status, 200);
        QCOMPARE(lookup(QStringLiteral("k-1"), QStringLiteral("transfers")).status, 404);
        QCOMPARE(lookup(QStringLiteral("k-1"), QStringLiteral("refunds")).status, 200);
    }

    void ambiguousShareIsReproducible()
    {
        // A share of the POSTs misbehaves; the same seed, the same fates.
        const auto run = [this] {
            m_provider->clear();
            m_provider->setDelay(50);
            m_provider->setAmbiguousShare(0.5, 7);
            QStringList fates;
            for (int i = 0; i < 20; ++i) {
                const QString key = QStringLiteral("amb-%1").arg(i);
                post(key, operation(key, 1 + i));
            }
            for (const auto &request : m_provider->requests())
                fates << FakeProvider::modeName(request.mode);
            return fates;
        };
        const QStringList first = run();
        const QStringList second = run();
        QCOMPARE(second, first);
        QCOMPARE(m_provider->ledger().size(), 20);
        QCOMPARE(m_provider->succeededCount(), 20);
        const QSet<QString> kinds(first.cbegin(), first.cend());
        qInfo("fates of %lld POSTs: %s", qlonglong(first.size()),
              qPrintable(QStringList(kinds.cbegin(), kinds.cend()).join(QLatin1Char(' '))));
        QVERIFY(kinds.contains(QStringLiteral("normal")));
        QVERIFY(kinds.size() >= 3);
    }

    void concurrentBurstIsBookedExactlyOnce()
    {
        const int total = 200;
        const int inFlight = 8;
        int started = 0;
        int finished = 0;
        int maxInFlight = 0;
        QSet<QString> ids;
        QStringList problems;
        std::function<void()> startNext = [&] {
            const int i = started++;
            const QString key = QStringLiteral("burst-%1").arg(i);
            // Three operations, two currencies, amounts 1..200.
            const QString path = i % 3 == 0   ? QStringLiteral("/v1/refunds")
                                 : i % 3 == 1 ? QStringLiteral("/v1/reversals")
                                              : QStringLiteral("/v1/transfers");
            const QString currency = i % 2 == 0 ? QStringLiteral("USD") : QStringLiteral("EUR");
            const QByteArray body =
                QJsonDocument(operation(key, i + 1, QStringLiteral("pay_%1").arg(i), currency))
                    .toJson(QJsonDocument::Compact);
            maxInFlight = qMax(maxInFlight, started - finished);
            startPost(path, key, body, [&, key](const Seen &seen) {
                ++finished;
                if (seen.status != 200 ||
                    seen.body.value(QStringLiteral("reference")).toString() != key)
                    problems << QStringLiteral("%1: %2").arg(key).arg(seen.status);
                ids.insert(seen.body.value(QStringLiteral("id")).toString());
                if (started < total)
                    startNext();
            });
        };
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < inFlight; ++i)
            startNext();
        QVERIFY(spinUntil([&] { return finished == total; }, 60000));
        qInfo("%d POSTs, %d at a time, in %lld ms", total, inFlight, clock.elapsed());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(maxInFlight, inFlight);
        QCOMPARE(ids.size(), total);

        const auto ledger = m_provider->ledger();
        QCOMPARE(ledger.size(), total);
        QCOMPARE(m_provider->succeededCount(), total);
        QCOMPARE(m_provider->requests().size(), total);
        qint64 usd = 0;
        qint64 eur = 0;
        for (int i = 0; i < total; ++i)
            (i % 2 == 0 ? usd : eur) += i + 1;
        QCOMPARE(m_provider->totalsPerCurrency(),
                 (QMap<QString, qint64>{{"USD", usd}, {"EUR", eur}}));
        for (const auto &entry : ledger)
            if (entry.posts != 1)
                problems << QStringLiteral("%1 posted %2 times").arg(entry.key).arg(entry.posts);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(m_provider->keysWithMoreThanOneBody().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFakeProvider)
#include "test_fake_provider.moc"
