#include "exec/adapters/http_exchange.h"

#include <QEventLoop>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace payops::exec {

namespace {

// The answer's bytes as far as they came: complete when the headers and a
// body of Content-Length (or a whole chunked body, or all until close) are in.
struct Parsed
{
    bool complete = false;
    int status = 0;
    QByteArray body;
};

Parsed parse(const QByteArray &raw, bool closed)
{
    Parsed p;
    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return p;
    const QList<QByteArray> lines = raw.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine[0].startsWith("HTTP/1."))
        return p;
    bool ok = false;
    const int status = statusLine[1].toInt(&ok);
    if (!ok)
        return p;
    qint64 length = -1;
    bool chunked = false;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        if (name == "transfer-encoding" && value.toLower().contains("chunked"))
            chunked = true;
    }
    const QByteArray rest = raw.mid(headerEnd + 4);
    if (chunked) {
        QByteArray body;
        qsizetype at = 0;
        while (true) {
            const qsizetype lineEnd = rest.indexOf("\r\n", at);
            if (lineEnd < 0)
                return p;
            const qint64 size =
                rest.mid(at, lineEnd - at).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok)
                return p;
            if (size == 0) {
                p = {true, status, body};
                return p;
            }
            if (rest.size() < lineEnd + 2 + size + 2)
                return p;
            body += rest.mid(lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
    if (length >= 0) {
        if (rest.size() < length)
            return p;
        return {true, status, rest.left(length)};
    }
    // Neither: the body runs to the end of the connection.
    if (closed)
        return {true, status, rest};
    return p;
}

QByteArray requestBytes(const HttpRequest &request)
{
    QByteArray path = request.url.path(QUrl::FullyEncoded).toUtf8();
    if (path.isEmpty())
        path = "/";
    if (request.url.hasQuery())
        path += '?' + request.url.query(QUrl::FullyEncoded).toUtf8();
    QByteArray bytes = request.method + ' ' + path + " HTTP/1.1\r\n";
    bytes += "Host: " + request.url.host(QUrl::FullyEncoded).toUtf8();
    if (request.url.port() > 0)
        bytes += ':' + QByteArray::number(request.url.port());
    bytes += "\r\nConnection: close\r\n";
    for (const auto &[name, value] : request.headers)
        bytes += name + ": " + value + "\r\n";
    if (request.method != "GET" || !request.body.isEmpty())
        bytes += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n";
    return bytes + "\r\n" + request.body;
}

// One exchange in flight: its socket, its deadline, what came back.
struct Exchange
{
    int index = 0;
    std::unique_ptr<QTcpSocket> socket;
    QTimer deadline;
    QByteArray received;
    bool ended = false;
};

} // namespace

void exchangeAll(const QList<HttpRequest> &requests, int concurrency, int timeoutMs,
                 const std::function<void(int, const HttpAnswer &)> &done)
{
    QEventLoop loop;
    int next = 0;
    int inFlight = 0;
    std::vector<std::unique_ptr<Exchange>> exchanges;
    std::function<void()> startNext;
    const auto finish = [&](Exchange *e, HttpAnswer answer) {
        if (e->ended)
            return;
        e->ended = true;
        e->deadline.stop();
        e->socket->disconnect();
        e->socket->abort();
        done(e->index, answer);
        --inFlight;
        startNext();
        if (inFlight == 0 && next >= requests.size())
            loop.quit();
    };
    startNext = [&] {
        while (inFlight < concurrency && next < requests.size()) {
            auto e = std::make_unique<Exchange>();
            e->index = next++;
            const HttpRequest &request = requests[e->index];
            const bool tls = request.url.scheme() == u"https";
            e->socket = tls ? std::make_unique<QSslSocket>() : std::make_unique<QTcpSocket>();
            Exchange *raw = e.get();
            const QByteArray bytes = requestBytes(request);
            // Written once, when the line (and TLS) is up; never again.
            if (tls)
                QObject::connect(static_cast<QSslSocket *>(e->socket.get()), &QSslSocket::encrypted,
                                 e->socket.get(), [raw, bytes] { raw->socket->write(bytes); });
            else
                QObject::connect(e->socket.get(), &QTcpSocket::connected, e->socket.get(),
                                 [raw, bytes] { raw->socket->write(bytes); });
            QObject::connect(e->socket.get(), &QTcpSocket::readyRead, e->socket.get(), [&, raw] {
                raw->received += raw->socket->readAll();
                const Parsed p = parse(raw->received, false);
                if (p.complete)
                    finish(raw, {p.status, p.body, {}});
            });
            QObject::connect(e->socket.get(), &QTcpSocket::disconnected, e->socket.get(), [&, raw] {
                raw->received += raw->socket->readAll();
                const Parsed p = parse(raw->received, true);
                finish(raw, p.complete ? HttpAnswer{p.status, p.body, {}}
                                       : HttpAnswer{0,
                                                    {},
                                                    QStringLiteral("the connection closed "
                                                                   "before a whole answer")});
            });
            QObject::connect(e->socket.get(), &QAbstractSocket::errorOccurred, e->socket.get(),
                             [&, raw](QAbstractSocket::SocketError error) {
                                 if (error == QAbstractSocket::RemoteHostClosedError)
                                     return; // disconnected() reads what came
                                 finish(raw, {0, {}, raw->socket->errorString()});
                             });
            e->deadline.setSingleShot(true);
            QObject::connect(&e->deadline, &QTimer::timeout, e->socket.get(), [&, raw, timeoutMs] {
                finish(raw, {0, {}, QStringLiteral("no whole answer within %1 ms").arg(timeoutMs)});
            });
            e->deadline.start(timeoutMs);
            const quint16 port = quint16(request.url.port(tls ? 443 : 80));
            ++inFlight;
            if (tls)
                static_cast<QSslSocket *>(e->socket.get())
                    ->connectToHostEncrypted(request.url.host(), port);
            else
                e->socket->connectToHost(request.url.host(), port);
            exchanges.push_back(std::move(e));
        }
    };
    startNext();
    if (inFlight > 0)
        loop.exec();
}

} // namespace payops::exec
