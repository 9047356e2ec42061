#pragma once

#include "exec/adapters/provider_adapter.h"

#include <QUrl>

namespace payops::exec {

// A REST payment API in the common shape (docs/MONEY.md): POST
// /v1/{refunds|reversals|transfers} with an Idempotency-Key header and a
// JSON body; GET /v1/{...}/by-reference/{key} to look one up. At most
// `concurrency` requests in flight, each with a transfer timeout. Answers
// are definitive only when the provider says so (2xx with a status, 402,
// 409 for a key reused with another body, 404 on a lookup); a timeout, a
// lost connection or a 5xx is Unknown. Each request is written once on a
// connection of its own (http_exchange.h): nothing resends it behind the
// executor's back.
class HttpAdapter : public ProviderAdapter
{
public:
    struct Settings
    {
        QUrl baseUrl;
        QString apiKey; // from the keychain or the environment, never a file
        QString environment;
        QString destination; // its registered name
        int concurrency = 8;
        int timeoutMs = 10000;
    };
    explicit HttpAdapter(const Settings &settings);
    ~HttpAdapter() override;

    QString describe() const override;
    QString environment() const override { return m_settings.environment; }
    QString destination() const override { return m_settings.destination; }
    QString credentialFingerprint() const override;
    void checkAccess() override;
    QVector<ProviderAnswer> send(const QVector<ProviderItem> &items) override;
    QVector<ProviderAnswer> lookUp(const QVector<ProviderItem> &items) override;

private:
    QVector<ProviderAnswer> run(const QVector<ProviderItem> &items, bool lookUps);

    Settings m_settings;
};

// The path of an operation's collection: refund -> refunds, reversal ->
// reversals, claw-back -> transfers (money taken back is a transfer).
QString operationPath(const QString &operation);

} // namespace payops::exec
