#include "support/fake_provider.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMetaEnum>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSet>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <cmath>

namespace payops::test {

// What the server thread read off one request, copied: the
// QHttpServerRequest is reused for the connection's next request.
struct FakeProvider::Incoming
{
    QString method;
    QStringList segments; // the path's segments, each percent-decoded ("v1", "refunds", ...)
    QString path;
    QByteArray authorization;
    QString key;
    QByteArray contentType;
    QByteArray body;
};

// The answer and how to deliver it.
struct FakeProvider::Answer
{
    int status = 200;
    QJsonObject body;
    Mode delivery = Mode::Normal;
    int delayMs = 0;
};

namespace {

QJsonObject errorBody(const QString &code, const QString &message)
{
    return {{QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
}

// The URL segment of an operation ("refunds") to its object name ("refund").
QString operationOf(const QString &segment)
{
    if (segment == u"refunds")
        return QStringLiteral("refund");
    if (segment == u"reversals")
        return QStringLiteral("reversal");
    if (segment == u"transfers")
        return QStringLiteral("transfer");
    return {};
}

QString idPrefixOf(const QString &operation)
{
    if (operation == u"refund")
        return QStringLiteral("re");
    if (operation == u"reversal")
        return QStringLiteral("rv");
    return QStringLiteral("tr");
}

// Why a POST body is not a valid operation, or empty when it is.
QString invalidField(const QJsonObject &body, const QString &key)
{
    const QJsonValue payment = body.value(QStringLiteral("payment"));
    if (!payment.isString() || payment.toString().isEmpty())
        return QStringLiteral("\"payment\" must be a non-empty string");
    const QJsonValue amount = body.value(QStringLiteral("amount_minor"));
    const double minor = amount.toDouble();
    // JSON numbers arrive as doubles: an amount must be a whole number of
    // minor units, positive, and exact in a double.
    if (!amount.isDouble() || minor != std::floor(minor) || minor <= 0 || minor > 9.0e15)
        return QStringLiteral("\"amount_minor\" must be a positive integer");
    static const QRegularExpression currency(QStringLiteral("^[A-Z]{3}$"));
    if (!currency.match(body.value(QStringLiteral("currency")).toString()).hasMatch())
        return QStringLiteral("\"currency\" must be three capital letters");
    if (body.value(QStringLiteral("reference")).toString() != key)
        return QStringLiteral("\"reference\" must equal the Idempotency-Key");
    if (!body.value(QStringLiteral("description")).isString())
        return QStringLiteral("\"description\" must be a string");
    return {};
}

} // namespace

// The HTTP side, on the provider's thread. QAbstractHttpServer rather than
// QHttpServer's router: handleRequest() hands over the socket itself, which
// is what misbehaving needs (abort it, or answer it later).
class FakeProviderServer final : public QAbstractHttpServer
{
public:
    explicit FakeProviderServer(FakeProvider *provider)
        : m_provider(provider)
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        FakeProvider::Incoming incoming;
        incoming.method =
            QString::fromLatin1(
                QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method())))
                .toUpper();
        // Split the encoded path, then decode each segment: a key may hold
        // an encoded '/'.
        const QString encoded = request.url().path(QUrl::FullyEncoded);
        for (const QString &segment : encoded.split(QLatin1Char('/'), Qt::SkipEmptyParts))
            incoming.segments << QUrl::fromPercentEncoding(segment.toUtf8());
        incoming.path = request.url().path();
        // Header names are case-insensitive; value() compares them so.
        incoming.authorization = request.value("Authorization");
        incoming.key = QString::fromUtf8(request.value("Idempotency-Key"));
        incoming.contentType = request.value("Content-Type");
        incoming.body = request.body();

        const FakeProvider::Answer answer = m_provider->process(incoming);
        deliver(request, socket, answer);
        return true;
    }

    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        // Not reached (handleRequest answers everything); answered anyway.
        makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
    }

private:
    static void write(QHttpServerResponder &responder, int status, const QJsonObject &body)
    {
        responder.write(QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json",
                        static_cast<QHttpServerResponder::StatusCode>(status));
    }

    void deliver(const QHttpServerRequest &request, QTcpSocket *socket,
                 const FakeProvider::Answer &answer)
    {
        using Mode = FakeProvider::Mode;
        switch (answer.delivery) {
        case Mode::LostAfterSuccess:
            // Booked, and the connection dies before a byte of the answer:
            // the client cannot know whether anything happened.
            // QAbstractHttpServer deletes the socket once it is unconnected.
            socket->abort();
            return;
        case Mode::ServerErrorAfterSuccess: {
            QHttpServerResponder responder = makeResponder(request, socket);
            write(responder, 503,
                  errorBody(QStringLiteral("service_unavailable"),
                            QStringLiteral("the provider is unavailable, try again")));
            return;
        }
        case Mode::TimeoutAfterSuccess:
        case Mode::Slow: {
            // Held with a timer, never a sleep: the thread goes on serving
            // other connections meanwhile. The responder keeps a reference
            // to the request, which lives as long as the socket; the timer's
            // context is the socket, so the answer is dropped when the
            // client gave up and the socket went away.
            auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
            const int status = answer.status;
            const QJsonObject body = answer.body;
            QTimer::singleShot(answer.delayMs, socket, [socket, responder, status, body] {
                if (socket->state() == QAbstractSocket::ConnectedState)
                    write(*responder, status, body);
            });
            return;
        }
        default: {
            QHttpServerResponder responder = makeResponder(request, socket);
            write(responder, answer.status, answer.body);
            return;
        }
        }
    }

    FakeProvider *m_provider;
};

// Owns the server for the thread's whole life: created, listening and
// destroyed on the thread, so every socket and timer belongs to it.
class FakeProviderThread final : public QThread
{
public:
    FakeProviderThread(FakeProvider *provider, quint16 port)
        : m_provider(provider)
        , m_port(port)
    {
        setObjectName(QStringLiteral("fake-provider"));
    }

    // Blocks until the server listens (or failed to): the port, or 0.
    quint16 startAndListen()
    {
        start();
        m_ready.acquire();
        return m_port;
    }

protected:
    void run() override
    {
        FakeProviderServer server(m_provider);
        m_port = server.listen(QHostAddress::LocalHost, m_port);
        m_ready.release();
        if (m_port != 0)
            exec();
    }

private:
    FakeProvider *m_provider;
    quint16 m_port = 0;
    QSemaphore m_ready;
};

FakeProvider::FakeProvider(const QString &apiKey, quint16 port)
    : m_apiKey(apiKey)
    , m_thread(std::make_unique<FakeProviderThread>(this, port))
{
    m_port = m_thread->startAndListen();
}

FakeProvider::~FakeProvider()
{
    m_thread->quit();
    m_thread->wait();
}

bool FakeProvider::isListening() const
{
    return m_port != 0;
}

QUrl FakeProvider::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QString FakeProvider::apiKey() const
{
    return m_apiKey;
}

void FakeProvider::setMode(Mode mode)
{
    QMutexLocker lock(&m_mutex);
    m_mode = mode;
}

FakeProvider::Mode FakeProvider::mode() const
{
    QMutexLocker lock(&m_mutex);
    return m_mode;
}

void FakeProvider::setAmbiguousShare(double share, quint32 seed)
{
    QMutexLocker lock(&m_mutex);
    m_share = share;
    m_random.seed(seed);
}

void FakeProvider::setDelay(int ms)
{
    QMutexLocker lock(&m_mutex);
    m_delayMs = ms;
}

int FakeProvider::delay() const
{
    QMutexLocker lock(&m_mutex);
    return m_delayMs;
}

void FakeProvider::setLookupsFail(bool fail)
{
    QMutexLocker lock(&m_mutex);
    m_lookupsFail = fail;
}

void FakeProvider::refusePayment(const QString &payment, const QString &code)
{
    QMutexLocker lock(&m_mutex);
    m_refusals.insert(payment, code);
}

QVector<FakeProvider::LedgerEntry> FakeProvider::ledger() const
{
    QMutexLocker lock(&m_mutex);
    QVector<LedgerEntry> entries = m_ledger;
    for (LedgerEntry &entry : entries)
        entry.posts = m_posts.value(entry.key);
    return entries;
}

int FakeProvider::succeededCount() const
{
    QMutexLocker lock(&m_mutex);
    int count = 0;
    for (const LedgerEntry &entry : m_ledger)
        count += entry.status == u"succeeded" ? 1 : 0;
    return count;
}

QMap<QString, qint64> FakeProvider::totalsPerCurrency() const
{
    QMutexLocker lock(&m_mutex);
    QMap<QString, qint64> totals;
    for (const LedgerEntry &entry : m_ledger)
        if (entry.status == u"succeeded")
            totals[entry.currency] += entry.amountMinor;
    return totals;
}

int FakeProvider::postsFor(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    return m_posts.value(key);
}

QVector<FakeProvider::Request> FakeProvider::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

QStringList FakeProvider::keysWithMoreThanOneBody() const
{
    QMutexLocker lock(&m_mutex);
    // Bodies compared as parsed JSON (compact), so spacing and field order
    // do not count; an unparsable body counts as itself.
    QMap<QString, QSet<QByteArray>> bodies;
    for (const Request &request : m_requests) {
        if (request.method != u"POST" || request.key.isEmpty())
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(request.body);
        bodies[request.key].insert(document.isObject() ? document.toJson(QJsonDocument::Compact)
                                                       : request.body);
    }
    QStringList keys;
    for (auto it = bodies.cbegin(); it != bodies.cend(); ++it)
        if (it.value().size() > 1)
            keys << it.key();
    return keys;
}

void FakeProvider::clear()
{
    QMutexLocker lock(&m_mutex);
    m_mode = Mode::Normal;
    m_share = 0;
    m_delayMs = 1000;
    m_lookupsFail = false;
    m_refusals.clear();
    m_ledger.clear();
    m_ledgerIndex.clear();
    m_posts.clear();
    m_requests.clear();
    m_counter = 0;
}

QString FakeProvider::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Normal:
        return QStringLiteral("normal");
    case Mode::LostAfterSuccess:
        return QStringLiteral("lost-after-success");
    case Mode::ServerErrorAfterSuccess:
        return QStringLiteral("server-error-after-success");
    case Mode::TimeoutAfterSuccess:
        return QStringLiteral("timeout-after-success");
    case Mode::Slow:
        return QStringLiteral("slow");
    case Mode::Refuse:
        return QStringLiteral("refuse");
    case Mode::DuplicateDelivery:
        return QStringLiteral("duplicate-delivery");
    }
    return {};
}

FakeProvider::Answer FakeProvider::process(const Incoming &incoming)
{
    QMutexLocker lock(&m_mutex);
    Answer answer = route(incoming, false);
    // The same POST once more, through the idempotency logic: it must find
    // the first processing's booking and change nothing. The client gets
    // the second answer (the same as the first, when the provider is right).
    if (m_mode == Mode::DuplicateDelivery && incoming.method == u"POST")
        answer = route(incoming, true);
    if (m_mode == Mode::Slow) {
        answer.delivery = Mode::Slow;
        m_requests.last().mode = Mode::Slow;
    }
    if (answer.delivery == Mode::Slow || answer.delivery == Mode::TimeoutAfterSuccess)
        answer.delayMs = m_delayMs;
    return answer;
}

FakeProvider::Answer FakeProvider::route(const Incoming &incoming, bool redelivery)
{
    Request record;
    record.method = incoming.method;
    record.path = incoming.path;
    record.key = incoming.key;
    record.body = incoming.body;
    record.redelivery = redelivery;
    record.at = QDateTime::currentDateTimeUtc();

    Answer answer;
    const QStringList &segments = incoming.segments;
    const QString operation =
        segments.value(0) == u"v1" ? operationOf(segments.value(1)) : QString();
    const bool isPost = incoming.method == u"POST" && segments.size() == 2;
    const bool isLookup = incoming.method == u"GET" && segments.size() == 4 &&
                          segments.value(2) == u"by-reference" && !segments.value(3).isEmpty();
    if (isLookup)
        record.key = segments.value(3); // logged whether or not the caller may look
    if (operation.isEmpty() || (!isPost && !isLookup)) {
        answer.status = 404;
        answer.body =
            errorBody(QStringLiteral("unknown_route"),
                      QStringLiteral("no such route: %1 %2").arg(incoming.method, incoming.path));
    } else if (incoming.authorization != "Bearer " + m_apiKey.toUtf8()) {
        answer.status = 401;
        answer.body = errorBody(QStringLiteral("unauthorized"),
                                QStringLiteral("a valid bearer API key is required"));
    } else if (isLookup) {
        if (m_lookupsFail) {
            answer.status = 503;
            answer.body = errorBody(QStringLiteral("service_unavailable"),
                                    QStringLiteral("lookups are unavailable, try again"));
        } else {
            answer = lookup(operation, segments.value(3));
        }
    } else {
        answer = post(incoming, operation);
    }
    record.mode = answer.delivery;
    record.status = answer.delivery == Mode::LostAfterSuccess          ? 0
                    : answer.delivery == Mode::ServerErrorAfterSuccess ? 503
                                                                       : answer.status;
    if (redelivery)
        record.mode = Mode::DuplicateDelivery;
    m_requests.append(record);
    return answer;
}

FakeProvider::Answer FakeProvider::post(const Incoming &incoming, const QString &operation)
{
    Answer answer;
    answer.status = 400;
    const QString &key = incoming.key;
    if (key.isEmpty()) {
        answer.body = errorBody(QStringLiteral("missing_idempotency_key"),
                                QStringLiteral("an Idempotency-Key header is required"));
        return answer;
    }
    // Every authenticated POST under a key counts, whatever its answer: a
    // client retrying blindly shows here.
    ++m_posts[key];
    if (!incoming.contentType.startsWith("application/json")) {
        answer.body = errorBody(QStringLiteral("invalid_content_type"),
                                QStringLiteral("Content-Type must be application/json"));
        return answer;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(incoming.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        answer.body = errorBody(QStringLiteral("invalid_json"),
                                QStringLiteral("the body must be a JSON object"));
        return answer;
    }
    const QJsonObject body = document.object();
    const QString invalid = invalidField(body, key);
    if (!invalid.isEmpty()) {
        answer.body = errorBody(QStringLiteral("invalid_request"), invalid);
        return answer;
    }

    if (m_ledgerIndex.contains(key)) {
        const LedgerEntry &entry = m_ledger.at(m_ledgerIndex.value(key));
        if (entry.operation != operation || entry.body != body) {
            answer.status = 409;
            answer.body = errorBody(QStringLiteral("idempotency_key_reused"),
                                    QStringLiteral("key %1 was used for another request").arg(key));
            return answer;
        }
        // A replay: the first answer again, nothing booked.
        answer.status = entry.status == u"succeeded" ? 200 : 402;
        answer.body = objectOf(entry);
        answer.delivery = misbehaviourForLedgerAnswer();
        return answer;
    }

    LedgerEntry entry;
    entry.key = key;
    entry.operation = operation;
    entry.payment = body.value(QStringLiteral("payment")).toString();
    entry.amountMinor = qint64(body.value(QStringLiteral("amount_minor")).toDouble());
    entry.currency = body.value(QStringLiteral("currency")).toString();
    entry.description = body.value(QStringLiteral("description")).toString();
    entry.providerId = QStringLiteral("%1_%2")
                           .arg(idPrefixOf(operation))
                           .arg(++m_counter, 6, 10, QLatin1Char('0'));
    entry.bookedAt = QDateTime::currentDateTimeUtc();
    entry.body = body;
    const bool refusedByMode = m_mode == Mode::Refuse;
    if (refusedByMode || m_refusals.contains(entry.payment)) {
        entry.status = QStringLiteral("failed");
        entry.errorCode =
            refusedByMode ? QStringLiteral("card_declined") : m_refusals.value(entry.payment);
    } else {
        entry.status = QStringLiteral("succeeded");
    }
    m_ledgerIndex.insert(key, int(m_ledger.size()));
    m_ledger.append(entry);

    answer.status = entry.status == u"succeeded" ? 200 : 402;
    answer.body = objectOf(entry);
    answer.delivery = refusedByMode ? Mode::Refuse : misbehaviourForLedgerAnswer();
    return answer;
}

FakeProvider::Answer FakeProvider::lookup(const QString &operation, const QString &key) const
{
    Answer answer;
    const auto found = m_ledgerIndex.constFind(key);
    if (found == m_ledgerIndex.cend() || m_ledger.at(found.value()).operation != operation) {
        answer.status = 404;
        answer.body = errorBody(QStringLiteral("resource_missing"),
                                QStringLiteral("no %1 under reference %2").arg(operation, key));
        return answer;
    }
    answer.status = 200;
    answer.body = objectOf(m_ledger.at(found.value()));
    return answer;
}

// How an answer from the ledger (a booking or a replay) goes out.
FakeProvider::Mode FakeProvider::misbehaviourForLedgerAnswer()
{
    switch (m_mode) {
    case Mode::LostAfterSuccess:
    case Mode::ServerErrorAfterSuccess:
    case Mode::TimeoutAfterSuccess:
        return m_mode;
    case Mode::Normal:
        break;
    default:
        return Mode::Normal;
    }
    if (m_share <= 0)
        return Mode::Normal;
    // Two draws on every such POST, misbehaving or not, so the n-th POST's
    // fate depends only on the seed and n.
    const double draw = m_random.generateDouble();
    const quint32 which = m_random.bounded(3u);
    if (draw >= m_share)
        return Mode::Normal;
    static const Mode ways[] = {Mode::LostAfterSuccess, Mode::ServerErrorAfterSuccess,
                                Mode::TimeoutAfterSuccess};
    return ways[which];
}

QJsonObject FakeProvider::objectOf(const LedgerEntry &entry) const
{
    QJsonObject object{{QStringLiteral("id"), entry.providerId},
                       {QStringLiteral("object"), entry.operation},
                       {QStringLiteral("status"), entry.status},
                       {QStringLiteral("reference"), entry.key},
                       {QStringLiteral("payment"), entry.payment},
                       {QStringLiteral("amount_minor"), entry.amountMinor},
                       {QStringLiteral("currency"), entry.currency}};
    if (entry.status == u"failed")
        object.insert(
            QStringLiteral("error"),
            QJsonObject{{QStringLiteral("code"), entry.errorCode},
                        {QStringLiteral("message"), QStringLiteral("the %1 was declined (%2)")
                                                        .arg(entry.operation, entry.errorCode)}});
    return object;
}

} // namespace payops::test
