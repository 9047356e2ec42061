// payops-demo-provider: the tests' fake payment provider as a program of
// its own, which `payops demo start` runs so that the demo's refunds go
// somewhere that behaves like a provider (idempotency keys, lookups by
// key). It behaves normally; the misbehaviours are for the tests.
#include "support/fake_provider.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The PayOps demo's payment provider: refunds, reversals and transfers under "
                       "idempotency keys, on 127.0.0.1 (docs/MONEY.md)."));
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("port"), QStringLiteral("The port to listen on."), QStringLiteral("PORT")});
    parser.addOption({QStringLiteral("key"), QStringLiteral("The API key it accepts."),
                      QStringLiteral("KEY"), QStringLiteral("sk_demo_payops")});
    parser.process(app);
    bool portOk = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&portOk);
    QTextStream err(stderr);
    if (!portOk || port == 0 || port > 65535) {
        err << "payops-demo-provider needs --port 1-65535.\n";
        return 2;
    }
    payops::test::FakeProvider provider(parser.value(QStringLiteral("key")), quint16(port));
    if (!provider.isListening()) {
        err << "payops-demo-provider cannot listen on 127.0.0.1:" << port
            << " (in use?); stop what holds it or give another --port.\n";
        return 1;
    }
    QTextStream(stdout) << "Listening at " << provider.url().toString() << Qt::endl;
    return app.exec();
}
