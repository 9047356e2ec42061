#include "webhook_listener.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QSemaphore>
#include <QTcpServer>
#include <QThread>

namespace payops::test {

class WebhookListenerServer final : public QAbstractHttpServer
{
public:
    explicit WebhookListenerServer(WebhookListener *listener)
        : m_listener(listener)
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        const int status = m_listener->answer(request.body(), request.value("X-Payops-Signature"));
        if (status == 0)
            return true; // held: the client times out and the socket goes with it
        makeResponder(request, socket)
            .write(QByteArrayLiteral("{}"), "application/json",
                   static_cast<QHttpServerResponder::StatusCode>(status));
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
    }

private:
    WebhookListener *m_listener;
};

class WebhookListenerThread final : public QThread
{
public:
    explicit WebhookListenerThread(WebhookListener *listener)
        : m_listener(listener)
    {
    }
    quint16 startAndListen()
    {
        start();
        m_ready.acquire();
        return m_port;
    }
    // Closes the port (connections are refused) or opens it again, on the server's thread.
    void setListening(bool listening)
    {
        QMetaObject::invokeMethod(
            m_tcp,
            [this, listening] {
                if (listening && !m_tcp->isListening())
                    m_tcp->listen(QHostAddress::LocalHost, m_port);
                else if (!listening)
                    m_tcp->close();
            },
            Qt::BlockingQueuedConnection);
    }

protected:
    void run() override
    {
        WebhookListenerServer server(m_listener);
        QTcpServer tcp;
        m_tcp = &tcp;
        if (tcp.listen(QHostAddress::LocalHost, 0)) {
            m_port = tcp.serverPort();
            server.bind(&tcp);
        }
        m_ready.release();
        if (m_port != 0)
            exec();
        m_tcp = nullptr;
    }

private:
    WebhookListener *m_listener;
    QTcpServer *m_tcp = nullptr;
    quint16 m_port = 0;
    QSemaphore m_ready;
};

WebhookListener::WebhookListener()
    : m_thread(std::make_unique<WebhookListenerThread>(this))
{
    m_port = m_thread->startAndListen();
}

WebhookListener::~WebhookListener()
{
    m_thread->quit();
    m_thread->wait();
}

QUrl WebhookListener::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/hooks/payops").arg(m_port));
}

void WebhookListener::setMode(Mode mode)
{
    {
        QMutexLocker lock(&m_mutex);
        m_mode = mode;
    }
    m_thread->setListening(mode != Mode::Down);
}

QVector<WebhookListener::Delivery> WebhookListener::accepted() const
{
    QMutexLocker lock(&m_mutex);
    return m_accepted;
}

int WebhookListener::attempts() const
{
    QMutexLocker lock(&m_mutex);
    return m_attempts;
}

int WebhookListener::answer(const QByteArray &body, const QByteArray &signature)
{
    QMutexLocker lock(&m_mutex);
    ++m_attempts;
    if (m_mode == Mode::ServerError)
        return 500;
    if (m_mode == Mode::Slow)
        return 0;
    m_accepted.append(
        {QJsonDocument::fromJson(body).object(), signature, 200, QDateTime::currentDateTimeUtc()});
    return 200;
}

} // namespace payops::test
