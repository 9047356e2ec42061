#include "watch/webhook_delivery.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "exec/adapters/http_exchange.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QThread>

#include <exception>

namespace payops::watch {

QByteArray webhookSecretFromEnvironment()
{
    return qgetenv("PAYOPS_WEBHOOK_SECRET");
}

QByteArray webhookSignature(const QByteArray &body, const QByteArray &secret)
{
    return QByteArrayLiteral("sha256=") +
           QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

DeliveryRound deliverDue(db::Session &session, const QByteArray &secret, int timeoutMs,
                         const std::function<void(const QString &)> &log)
{
    const ResultTable due = session.query(QStringLiteral(
        "SELECT id, url, payload::text FROM payops.claim_watch_deliveries(20) ORDER BY id"));
    DeliveryRound round;
    if (due.rows.isEmpty())
        return round;
    QList<exec::HttpRequest> requests;
    for (const auto &row : due.rows) {
        // The stored text, compact, is what is signed and sent.
        const QByteArray body =
            QJsonDocument::fromJson(row[2].toUtf8()).toJson(QJsonDocument::Compact);
        exec::HttpRequest request;
        request.method = QByteArrayLiteral("POST");
        request.url = QUrl(row[1]);
        request.body = body;
        request.headers = {
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
            {QByteArrayLiteral("User-Agent"), QByteArrayLiteral("payops-watch")},
            {QByteArrayLiteral("X-Payops-Delivery"), row[0].toUtf8()}};
        if (!secret.isEmpty())
            request.headers.append(
                {QByteArrayLiteral("X-Payops-Signature"), webhookSignature(body, secret)});
        requests << request;
    }
    exec::exchangeAll(requests, 4, timeoutMs, [&](int index, const exec::HttpAnswer &answer) {
        const QString id = due.rows[index][0];
        const bool ok = answer.status >= 200 && answer.status < 300;
        const QString error = ok                   ? QString()
                              : answer.status == 0 ? answer.transportError
                                                   : QStringLiteral("HTTP %1").arg(answer.status);
        session.query(QStringLiteral("SELECT payops.finish_watch_delivery($1::bigint, "
                                     "$2::integer, nullif($3, ''))"),
                      {id, QString::number(answer.status), error});
        if (ok) {
            ++round.delivered;
        } else {
            ++round.failed;
            log(QStringLiteral("Webhook delivery %1 to %2 failed (%3); it is retried later.")
                    .arg(id, requests[index].url.toString(QUrl::RemoveUserInfo), error));
        }
    });
    return round;
}

namespace {

db::SessionOptions deliveryOptions()
{
    db::SessionOptions options;
    options.readOnly = false; // the outcome is recorded through the payops functions
    options.purpose = QStringLiteral("watch deliveries");
    return options;
}

} // namespace

DeliveryRound deliverDueOnce(const ConnectionProfile &connection, const QString &password,
                             const QByteArray &secret, int timeoutMs,
                             const std::function<void(const QString &)> &log)
{
    db::Session session(connection, password, deliveryOptions(), QStringLiteral("payops"));
    return deliverDue(session, secret, timeoutMs, log);
}

void deliverUntilStopped(const ConnectionProfile &connection, const QString &password,
                         const QByteArray &secret, int timeoutMs, const std::atomic_bool &stop,
                         const std::function<void(const QString &)> &log)
{
    const db::SessionOptions options = deliveryOptions();
    std::unique_ptr<db::Session> session;
    while (!stop) {
        try {
            if (!session)
                session = std::make_unique<db::Session>(connection, password, options,
                                                        QStringLiteral("payops"));
            deliverDue(*session, secret, timeoutMs, log);
        } catch (const UserError &error) {
            log(QStringLiteral("Webhook deliveries: %1").arg(error.message()));
            session.reset(); // a new connection on the next round
        } catch (const std::exception &error) {
            log(QStringLiteral("Webhook deliveries: %1").arg(QString::fromUtf8(error.what())));
            session.reset();
        }
        for (int i = 0; i < 10 && !stop; ++i)
            QThread::msleep(100);
    }
}

} // namespace payops::watch
