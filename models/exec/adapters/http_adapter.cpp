#include "exec/adapters/http_adapter.h"

#include "core/user_error.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <functional>

namespace payops::exec {

QString outcomeName(ProviderAnswer::Outcome outcome)
{
    switch (outcome) {
    case ProviderAnswer::Outcome::Succeeded:
        return QStringLiteral("succeeded");
    case ProviderAnswer::Outcome::Failed:
        return QStringLiteral("failed");
    case ProviderAnswer::Outcome::Absent:
        return QStringLiteral("absent");
    case ProviderAnswer::Outcome::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString operationPath(const QString &operation)
{
    if (operation == u"refund")
        return QStringLiteral("refunds");
    if (operation == u"reversal")
        return QStringLiteral("reversals");
    return QStringLiteral("transfers");
}

namespace {

// What one answer says, read the same way for a send and for a lookup.
ProviderAnswer classify(int itemNo, QNetworkReply *reply, bool lookUp)
{
    ProviderAnswer answer;
    answer.itemNo = itemNo;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QJsonObject error = json.value(QStringLiteral("error")).toObject();
    answer.detail = QString::fromUtf8(body.left(500));
    if (status == 0 || reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError) {
        // Nothing came back (timeout, connection lost): the operation may
        // have happened.
        answer.reason = QStringLiteral("no_answer");
        answer.detail = reply->errorString();
        return answer;
    }
    if (status >= 200 && status < 300) {
        const QString state = json.value(QStringLiteral("status")).toString();
        answer.reference = json.value(QStringLiteral("id")).toString();
        if (state == u"succeeded" && !answer.reference.isEmpty()) {
            answer.outcome = ProviderAnswer::Outcome::Succeeded;
        } else if (state == u"failed") {
            answer.outcome = ProviderAnswer::Outcome::Failed;
            answer.reason = error.value(QStringLiteral("code")).toString(QStringLiteral("failed"));
        } else {
            answer.reason = QStringLiteral("unreadable_answer");
        }
        return answer;
    }
    const QString code = error.value(QStringLiteral("code")).toString();
    if (lookUp && status == 404) {
        answer.outcome = ProviderAnswer::Outcome::Absent;
        answer.reason = code.isEmpty() ? QStringLiteral("resource_missing") : code;
        return answer;
    }
    // The provider refused this request, definitively: nothing happened,
    // and sending it again would be refused again.
    if (!lookUp && (status == 400 || status == 402 || status == 409 || status == 422)) {
        answer.outcome = ProviderAnswer::Outcome::Failed;
        answer.reason = code.isEmpty() ? QStringLiteral("refused_%1").arg(status) : code;
        return answer;
    }
    answer.reason = QStringLiteral("http_%1").arg(status);
    return answer;
}

} // namespace

HttpAdapter::HttpAdapter(const Settings &settings)
    : m_settings(settings)
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    if (!m_settings.baseUrl.isValid() ||
        (m_settings.baseUrl.scheme() != u"https" && m_settings.baseUrl.scheme() != u"http"))
        throw UserError(
            QStringLiteral("The provider's address \"%1\" is not an http(s) URL.")
                .arg(m_settings.baseUrl.toString()),
            QStringLiteral("Give it as https://api.provider.example; nothing was sent."));
    if (m_settings.apiKey.isEmpty())
        throw UserError(
            QStringLiteral("No API key for the provider at %1.").arg(m_settings.baseUrl.toString()),
            QStringLiteral("Store it in the keychain (payops provider-key) or set "
                           "PAYOPS_PROVIDER_KEY; nothing was sent."));
    m_settings.concurrency = std::max(1, m_settings.concurrency);
}

HttpAdapter::~HttpAdapter() = default;

QString HttpAdapter::describe() const
{
    return QStringLiteral("HTTP %1 (%2)")
        .arg(m_settings.baseUrl.toString(), m_settings.environment);
}

void HttpAdapter::checkAccess()
{
    ProviderItem probe;
    probe.key = QStringLiteral("payops-access-check");
    probe.operation = QStringLiteral("refund");
    QNetworkRequest request(
        m_settings.baseUrl.resolved(QUrl(QStringLiteral("/v1/refunds/by-reference/") + probe.key)));
    request.setRawHeader("Authorization", "Bearer " + m_settings.apiKey.toUtf8());
    request.setTransferTimeout(m_settings.timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString error = reply->errorString();
    reply->deleteLater();
    if (status == 401 || status == 403)
        throw UserError(
            QStringLiteral("The provider at %1 refused the API key (HTTP %2).")
                .arg(m_settings.baseUrl.toString())
                .arg(status),
            QStringLiteral("Check that the key is this environment's (%1); nothing was sent.")
                .arg(m_settings.environment));
    if (status == 0)
        throw UserError(QStringLiteral("The provider at %1 did not answer: %2.")
                            .arg(m_settings.baseUrl.toString(), error),
                        QStringLiteral("Check the address and the network; nothing was sent."));
}

QVector<ProviderAnswer> HttpAdapter::send(const QVector<ProviderItem> &items)
{
    return run(items, false);
}

QVector<ProviderAnswer> HttpAdapter::lookUp(const QVector<ProviderItem> &items)
{
    return run(items, true);
}

QVector<ProviderAnswer> HttpAdapter::run(const QVector<ProviderItem> &items, bool lookUps)
{
    QVector<ProviderAnswer> answers(items.size());
    QEventLoop loop;
    int next = 0;
    int inFlight = 0;
    bool refusedCredentials = false;
    std::function<void()> startNext = [&] {
        while (inFlight < m_settings.concurrency && next < items.size() && !refusedCredentials) {
            const int index = next++;
            const ProviderItem &item = items[index];
            const QString path = QStringLiteral("/v1/") + operationPath(item.operation);
            QNetworkRequest request;
            request.setRawHeader("Authorization", "Bearer " + m_settings.apiKey.toUtf8());
            request.setTransferTimeout(m_settings.timeoutMs);
            QNetworkReply *reply = nullptr;
            if (lookUps) {
                request.setUrl(m_settings.baseUrl.resolved(
                    QUrl(path + QStringLiteral("/by-reference/") + item.key)));
                reply = m_network->get(request);
            } else {
                request.setUrl(m_settings.baseUrl.resolved(QUrl(path)));
                request.setRawHeader("Idempotency-Key", item.key.toUtf8());
                request.setHeader(QNetworkRequest::ContentTypeHeader,
                                  QStringLiteral("application/json"));
                const QJsonObject body{{QStringLiteral("payment"), item.payment},
                                       {QStringLiteral("amount_minor"), item.amountMinor},
                                       {QStringLiteral("currency"), item.currency},
                                       {QStringLiteral("reference"), item.key},
                                       {QStringLiteral("description"), item.description}};
                reply =
                    m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
            }
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, index] {
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 401 || status == 403)
                    refusedCredentials = true;
                answers[index] = classify(items[index].itemNo, reply, lookUps);
                reply->deleteLater();
                --inFlight;
                startNext();
                if (inFlight == 0)
                    loop.quit();
            });
        }
    };
    // Items never started keep the default answer: Unknown, not sent.
    for (int i = 0; i < items.size(); ++i) {
        answers[i].itemNo = items[i].itemNo;
        answers[i].reason = QStringLiteral("not_sent");
    }
    startNext();
    if (inFlight > 0)
        loop.exec();
    if (refusedCredentials)
        throw UserError(
            QStringLiteral("The provider at %1 refused the API key mid-batch.")
                .arg(m_settings.baseUrl.toString()),
            QStringLiteral("The items sent so far are looked up by their keys when the batch "
                           "runs again; check the key first."));
    return answers;
}

} // namespace payops::exec
