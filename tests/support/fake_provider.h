#pragma once

// A fake payment provider for tests: a real HTTP server on 127.0.0.1 that
// books refunds, reversals and transfers under idempotency keys, and
// misbehaves on purpose when a test asks it to. The console's payment
// adapters are tested against it over real sockets, never against a stub
// inside the client; its ledger is the ground truth a test checks the
// console's own books against.
//
// It runs on a thread of its own, so a test's main thread may block (on a
// QProcess running `payops batch run`, say) while the provider answers.
//
// The protocol (the console's HTTP adapter is written against exactly this):
//
//   Every request: `Authorization: Bearer <apiKey()>`, else
//     401 {"error": {"code": "unauthorized", "message": ...}}
//
//   POST /v1/refunds | /v1/reversals | /v1/transfers
//     headers: Idempotency-Key: K, Content-Type: application/json
//     body:    {"payment": "<text>", "amount_minor": <integer > 0>,
//               "currency": "<3 capital letters>", "reference": "<K>",
//               "description": "<text>"}   (other fields are kept, and compared)
//     200 {"id": "re_000001" | "rv_000001" | "tr_000001", "object": "refund" |
//          "reversal" | "transfer", "status": "succeeded", "reference": K,
//          "payment": ..., "amount_minor": N, "currency": C}
//     402 the same object with "status": "failed" and
//          "error": {"code": "card_declined" | <code set by the test>, "message": ...}
//          (a definitive failure, booked under K like a success)
//     Same K, same operation and same body (the parsed JSON compared): the
//       first answer again (200 or 402), nothing new in the ledger.
//     Same K, another body or another operation:
//       409 {"error": {"code": "idempotency_key_reused", "message": ...}}
//     No Idempotency-Key: 400 {"error": {"code": "missing_idempotency_key", ...}}
//     Content-Type not application/json: 400 {"error": {"code": "invalid_content_type", ...}}
//     Body not a JSON object: 400 {"error": {"code": "invalid_json", ...}}
//     A field missing or of the wrong type, or "reference" other than K:
//       400 {"error": {"code": "invalid_request", "message": <names the field>}}
//
//   GET /v1/refunds | reversals | transfers /by-reference/{K}   (K percent-encoded)
//     200 the booked object under K (succeeded, or failed with its error)
//     404 {"error": {"code": "resource_missing", ...}}: nothing of that
//         operation under K (definitive: the provider never booked it)
//     503 {"error": {"code": "service_unavailable", ...}} when setLookupsFail(true)
//
//   Any other method or path: 404 {"error": {"code": "unknown_route", ...}}
//   Ids count up across the three operations: re_000001, tr_000002, ...
//
// Misbehaviour (setMode): the "after success" modes apply to every answer
// that comes from the ledger (a new booking, succeeded or failed, or a
// replay): the booking is committed first, then the answer goes wrong. The
// client cannot tell what happened and must ask GET by-reference.
// Note for adapters on QNetworkAccessManager: when a connection closes
// before any byte of the answer (LostAfterSuccess), Qt resends the POST by
// itself, once (Qt 6.4.2: the provider sees 2 POSTs under the key, books
// once, and the client then gets RemoteHostClosedError).
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>

#include <memory>

namespace payops::test {

class FakeProviderServer;
class FakeProviderThread;

class FakeProvider
{
public:
    enum class Mode {
        Normal,
        LostAfterSuccess,        // booked, then the connection is aborted without an answer
        ServerErrorAfterSuccess, // booked, then 503 {"error": {"code": "service_unavailable"}}
        TimeoutAfterSuccess,     // booked, then the answer is held for delay() ms
        Slow,                    // every answer (any request) held for delay() ms
        Refuse,                  // every new operation fails definitively: 402 card_declined
        DuplicateDelivery,       // each POST processed twice, as if it had arrived twice
    };

    // One booking: what the provider holds under an idempotency key.
    struct LedgerEntry
    {
        QString key;       // the Idempotency-Key (= the body's "reference")
        QString operation; // "refund", "reversal" or "transfer"
        QString payment;
        qint64 amountMinor = 0;
        QString currency;
        QString description;
        QString status; // "succeeded" or "failed"
        QString providerId;
        QString errorCode; // failed only
        int posts = 0;     // authenticated POSTs that arrived under the key (all answers)
        QDateTime bookedAt;
        QJsonObject body; // the first body, as parsed: what replays are compared with
    };

    // One request as it arrived (a duplicate delivery is two of these).
    struct Request
    {
        QString method; // "POST", "GET", ...
        QString path;   // decoded
        QString key;    // the Idempotency-Key header (POST) or the looked-up reference (GET)
        QByteArray body;
        Mode mode = Mode::Normal; // the misbehaviour actually applied to this request
        int status = 0;           // the status answered (0: no answer, the connection aborted)
        bool redelivery = false;  // the second processing of a DuplicateDelivery
        QDateTime at;
    };

    // Starts the server thread and listens on 127.0.0.1, on `port` or one
    // the OS picks (0); isListening() says whether that worked.
    explicit FakeProvider(const QString &apiKey = defaultKey(), quint16 port = 0);
    // The key a provider made without one accepts.
    static QString defaultKey() { return QStringLiteral("sk_test_fake"); }
    ~FakeProvider();
    FakeProvider(const FakeProvider &) = delete;
    FakeProvider &operator=(const FakeProvider &) = delete;

    bool isListening() const;
    QUrl url() const; // http://127.0.0.1:PORT
    QString apiKey() const;

    void setMode(Mode mode);
    Mode mode() const;
    // In Normal mode, `share` (0..1) of the POSTs answered from the ledger
    // misbehave in one of the three "after success" ways, drawn from a
    // generator seeded with `seed`: the same sequence of POSTs gets the same
    // sequence of misbehaviours. A share of 0 turns it off.
    void setAmbiguousShare(double share, quint32 seed);
    void setDelay(int ms); // TimeoutAfterSuccess and Slow; 1000 by default
    int delay() const;
    void setLookupsFail(bool fail); // GET answers 503 while set
    // New operations on `payment` fail definitively with `code` (402).
    void refusePayment(const QString &payment,
                       const QString &code = QStringLiteral("card_declined"));

    QVector<LedgerEntry> ledger() const; // in booking order
    int succeededCount() const;
    QMap<QString, qint64> totalsPerCurrency() const; // succeeded only, in minor units
    int postsFor(const QString &key) const;
    QVector<Request> requests() const;
    // Keys under which POSTs arrived with more than one distinct body: a
    // client that reuses a key for another operation is a bug.
    QStringList keysWithMoreThanOneBody() const;
    // A fresh provider on the same port: empty ledger and request log, ids
    // from 1 again, Normal mode, no share, no refusals, honest lookups,
    // delay 1000 ms.
    void clear();

    static QString modeName(Mode mode);

private:
    friend class FakeProviderServer;
    struct Incoming;
    struct Answer;

    // Called on the server thread for every request; takes the mutex.
    Answer process(const Incoming &incoming);
    Answer route(const Incoming &incoming, bool redelivery);
    Answer post(const Incoming &incoming, const QString &operation);
    Answer lookup(const QString &operation, const QString &key) const;
    Mode misbehaviourForLedgerAnswer();
    QJsonObject objectOf(const LedgerEntry &entry) const;

    const QString m_apiKey;
    std::unique_ptr<FakeProviderThread> m_thread;
    quint16 m_port = 0;

    mutable QMutex m_mutex; // guards everything below
    Mode m_mode = Mode::Normal;
    double m_share = 0;
    QRandomGenerator m_random;
    int m_delayMs = 1000;
    bool m_lookupsFail = false;
    QMap<QString, QString> m_refusals; // payment -> error code
    QVector<LedgerEntry> m_ledger;
    QMap<QString, int> m_ledgerIndex; // key -> index in m_ledger
    QMap<QString, int> m_posts;       // key -> authenticated POSTs under it
    QVector<Request> m_requests;
    int m_counter = 0; // the last provider id's number
};

} // namespace payops::test
