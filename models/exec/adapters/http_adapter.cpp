#include "exec/adapters/http_adapter.h"

#include "core/user_error.h"

#include "exec/adapters/http_exchange.h"
#include "exec/money_destinations.h"

#include <QJsonDocument>
#include <QJsonObject>

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
ProviderAnswer classify(int itemNo, const HttpAnswer &http, bool lookUp)
{
    ProviderAnswer answer;
    answer.itemNo = itemNo;
    const int status = http.status;
    const QJsonObject json = QJsonDocument::fromJson(http.body).object();
    const QJsonObject error = json.value(QStringLiteral("error")).toObject();
    answer.detail = QString::fromUtf8(http.body.left(500));
    if (status == 0) {
        // Nothing came back (timeout, connection lost): the operation may
        // have happened.
        answer.reason = QStringLiteral("no_answer");
        answer.detail = http.transportError;
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
    // A lookup may say the operation failed for good (402 with its record).
    if (lookUp && status == 402 && json.value(QStringLiteral("status")).toString() == u"failed") {
        answer.outcome = ProviderAnswer::Outcome::Failed;
        answer.reason = code.isEmpty() ? QStringLiteral("failed") : code;
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

QString HttpAdapter::credentialFingerprint() const
{
    return exec::credentialFingerprint(m_settings.apiKey);
}

QString HttpAdapter::describe() const
{
    return QStringLiteral("HTTP %1 (%2)")
        .arg(m_settings.baseUrl.toString(), m_settings.environment);
}

void HttpAdapter::checkAccess()
{
    HttpRequest probe;
    probe.method = "GET";
    probe.url = m_settings.baseUrl.resolved(
        QUrl(QStringLiteral("/v1/refunds/by-reference/payops-access-check")));
    probe.headers = {{"Authorization", "Bearer " + m_settings.apiKey.toUtf8()}};
    HttpAnswer answer;
    exchangeAll({probe}, 1, m_settings.timeoutMs, [&](int, const HttpAnswer &a) { answer = a; });
    if (answer.status == 401 || answer.status == 403)
        throw UserError(
            QStringLiteral("The provider at %1 refused the API key (HTTP %2).")
                .arg(m_settings.baseUrl.toString())
                .arg(answer.status),
            QStringLiteral("Check that the key is this environment's (%1); nothing was sent.")
                .arg(m_settings.environment));
    if (answer.status == 0)
        throw UserError(QStringLiteral("The provider at %1 did not answer: %2.")
                            .arg(m_settings.baseUrl.toString(), answer.transportError),
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
    QList<HttpRequest> requests;
    for (const ProviderItem &item : items) {
        const QString path = QStringLiteral("/v1/") + operationPath(item.operation);
        HttpRequest request;
        request.headers = {{"Authorization", "Bearer " + m_settings.apiKey.toUtf8()}};
        if (lookUps) {
            request.method = "GET";
            request.url = m_settings.baseUrl.resolved(
                QUrl(path + QStringLiteral("/by-reference/") +
                     QString::fromUtf8(QUrl::toPercentEncoding(item.key))));
        } else {
            request.method = "POST";
            request.url = m_settings.baseUrl.resolved(QUrl(path));
            request.headers.append(qMakePair(QByteArray("Idempotency-Key"), item.key.toUtf8()));
            request.headers.append(
                qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
            request.body =
                QJsonDocument(QJsonObject{{QStringLiteral("payment"), item.payment},
                                          {QStringLiteral("amount_minor"), item.amountMinor},
                                          {QStringLiteral("currency"), item.currency},
                                          {QStringLiteral("reference"), item.key},
                                          {QStringLiteral("description"), item.description}})
                    .toJson(QJsonDocument::Compact);
        }
        requests.append(request);
    }
    QVector<ProviderAnswer> answers(items.size());
    bool refusedCredentials = false;
    exchangeAll(requests, m_settings.concurrency, m_settings.timeoutMs,
                [&](int index, const HttpAnswer &http) {
                    if (http.status == 401 || http.status == 403)
                        refusedCredentials = true;
                    answers[index] = classify(items[index].itemNo, http, lookUps);
                });
    if (refusedCredentials)
        throw UserError(
            QStringLiteral("The provider at %1 refused the API key mid-batch.")
                .arg(m_settings.baseUrl.toString()),
            QStringLiteral("The items sent so far are looked up by their keys when the batch "
                           "runs again; check the key first."));
    return answers;
}

} // namespace payops::exec
