#pragma once

// A chat tool's webhook for tests of payops watch: a real HTTP server on
// 127.0.0.1, on a thread of its own (a test may block on a `payops watch`
// process meanwhile), that records every POST it answers and misbehaves
// when a test asks it to: down (connections refused), 500 for everything,
// or slow (answers held longer than the watch waits).
#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMutex>
#include <QUrl>
#include <QVector>

#include <memory>

namespace payops::test {

class WebhookListenerThread;

class WebhookListener
{
public:
    enum class Mode { Normal, Down, ServerError, Slow };

    struct Delivery
    {
        QJsonObject body;     // the POSTed JSON
        QByteArray signature; // X-Payops-Signature
        int status = 0;       // what was answered (0: held, never answered)
        QDateTime at;
    };

    WebhookListener();
    ~WebhookListener();
    WebhookListener(const WebhookListener &) = delete;
    WebhookListener &operator=(const WebhookListener &) = delete;

    QUrl url() const; // http://127.0.0.1:PORT/hooks/payops
    void setMode(Mode mode);
    // The POSTs answered 2xx, in arrival order: what a chat tool shows.
    QVector<Delivery> accepted() const;
    // Every POST that arrived, answered or not.
    int attempts() const;

private:
    friend class WebhookListenerServer;
    int answer(const QByteArray &body, const QByteArray &signature); // status, or 0 to hold

    std::unique_ptr<WebhookListenerThread> m_thread;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    Mode m_mode = Mode::Normal;
    QVector<Delivery> m_accepted;
    int m_attempts = 0;
};

} // namespace payops::test
