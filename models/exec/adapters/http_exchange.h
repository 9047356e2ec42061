#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>

namespace payops::exec {

// One HTTP/1.1 request and its answer, each on a connection of its own
// (Connection: close), over a socket this code drives: the request is
// written once and never again. Qt's QNetworkAccessManager resends a
// request by itself when a connection closes before any byte of the
// answer, which for money is a blind retry; here that case is an answer
// with no status, and the caller looks the item up by its key instead.
struct HttpRequest
{
    QByteArray method; // GET, POST
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

struct HttpAnswer
{
    int status = 0; // 0: no answer (refused, reset, timed out, cut short)
    QByteArray body;
    QString transportError; // why there is no answer, when there is none
};

// Runs the requests, at most `concurrency` at once, each with a deadline of
// `timeoutMs`; calls `done(index, answer)` as each ends, on the calling
// thread, and returns when all have ended (a local event loop).
void exchangeAll(const QList<HttpRequest> &requests, int concurrency, int timeoutMs,
                 const std::function<void(int, const HttpAnswer &)> &done);

} // namespace payops::exec
