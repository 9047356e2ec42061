#include "cli/watch_command.h"

#include "cli/cli_keychain.h"
#include "cli/interrupt.h"
#include "cli/schema_profile_option.h"
#include "core/profile_store.h"
#include "core/user_error.h"
#include "detect/detector.h"
#include "watch/watch_clock.h"
#include "watch/watch_run.h"
#include "watch/webhook_delivery.h"

#include <QRegularExpression>
#include <QSettings>
#include <QTextStream>
#include <QThread>

#include <atomic>
#include <memory>

namespace {

// The keychain entry of the webhook receiver's secret (payops watch --store-webhook-secret).
const QString kWebhookSecretName = QStringLiteral("watch/webhook-secret");

const QStringList kSeverities = {QStringLiteral("info"), QStringLiteral("low"),
                                 QStringLiteral("medium"), QStringLiteral("high"),
                                 QStringLiteral("critical")};

// A delivery attempt waits this long for an answer, then is retried later.
constexpr int kDeliveryTimeoutMs = 5000;

// "15m", "1h", "90s", "1d" in seconds; 0 when it is none of those.
qint64 durationSeconds(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{1,7})\\s*([smhd])$"));
    const auto match = form.match(text.trimmed());
    if (!match.hasMatch())
        return 0;
    const qint64 unit = match.captured(2) == u"s"   ? 1
                        : match.captured(2) == u"m" ? 60
                        : match.captured(2) == u"h" ? 3600
                                                    : 86400;
    return match.captured(1).toLongLong() * unit;
}

int severityIndex(const QString &text)
{
    return int(kSeverities.indexOf(text.trimmed().toLower()));
}

// The usage message of the first option that is wrong, empty when all are right.
QString readOptions(const QCommandLineParser &parser, payops::watch::WatchOptions &options,
                    int &failOn)
{
    const QString every = parser.value(QStringLiteral("every"));
    const qint64 seconds = durationSeconds(every);
    if (seconds <= 0)
        return QStringLiteral("--every takes a duration such as 15m, 1h or 1d, not \"%1\".")
            .arg(every);
    const int floor = payops::watch::minimumIntervalSeconds();
    if (seconds < floor)
        return QStringLiteral("--every %1 is shorter than a minute; every run scans the billing "
                              "tables, so give 1m or more (15m is usual).")
            .arg(every);
    if (seconds > 7 * 86400)
        return QStringLiteral("--every %1 is longer than a week; give 7d or less, or run "
                              "payops scan by hand.")
            .arg(every);
    options.intervalSeconds = int(seconds);
    for (const auto &[name, target] :
         {std::pair{QStringLiteral("fail-on"), &failOn},
          std::pair{QStringLiteral("alert-on"), static_cast<int *>(nullptr)}}) {
        if (!parser.isSet(name))
            continue;
        const int index = severityIndex(parser.value(name));
        if (index < 0)
            return QStringLiteral("--%1 takes one of %2, not \"%3\".")
                .arg(name, kSeverities.join(QStringLiteral(", ")), parser.value(name));
        if (target)
            *target = index;
        else
            options.alertOn = payops::Severity(index);
    }
    if (parser.isSet(QStringLiteral("webhook"))) {
        const QUrl url(parser.value(QStringLiteral("webhook")), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
            url.host().isEmpty())
            return QStringLiteral("--webhook takes an http:// or https:// URL such as "
                                  "https://chat.example.com/hooks/payops, not \"%1\".")
                .arg(parser.value(QStringLiteral("webhook")));
        if (!url.userInfo().isEmpty())
            return QStringLiteral("--webhook must not carry a user or password (they would "
                                  "be stored with every delivery); give the receiver's secret "
                                  "in PAYOPS_WEBHOOK_SECRET or the keychain (payops watch "
                                  "--store-webhook-secret) instead.");
        options.webhook = url;
    }
    for (const QString &name : parser.values(QStringLiteral("detector")))
        if (!payops::detect::findDetector(name))
            return QStringLiteral("There is no detector \"%1\". Available: %2.")
                .arg(name, payops::detect::detectorNames().join(QStringLiteral(", ")));
    options.detectors = parser.values(QStringLiteral("detector"));
    return {};
}

// --connection NAME: a connection saved in the console (File → Connect…).
// Its password is not read from the keychain here (a timer has no one to
// unlock it): libpq finds it in ~/.pgpass or PGPASSWORD.
payops::ConnectionProfile savedConnection(const QString &name)
{
    QSettings consoleSettings(QStringLiteral("payops"), QStringLiteral("payops-console"));
    QStringList names;
    for (const payops::ConnectionProfile &profile :
         payops::ProfileStore(consoleSettings).profiles()) {
        if (profile.name == name)
            return profile;
        names << profile.name;
    }
    throw payops::UserError(
        QStringLiteral("There is no saved connection \"%1\"%2.")
            .arg(name, names.isEmpty()
                           ? QString()
                           : QStringLiteral(" (saved: %1)").arg(names.join(QStringLiteral(", ")))),
        QStringLiteral("Save it in the console (File → Connect…) or give --db URI."));
}

// Runs one watch run and says what changed; returns whether an alert at
// or above `failOn` was opened or grew.
bool runOnce(CliContext &context, const payops::ConnectionProfile &connection,
             const payops::schema::SchemaProfile &profile,
             const payops::watch::WatchOptions &options, int failOn, bool &failed)
{
    const QDateTime now = payops::watch::watchNow();
    const auto result = payops::watch::runWatchOnce(connection, QString(), profile, options, now);
    if (!result.nothingToJudge.isEmpty()) {
        context.err << result.nothingToJudge << '\n';
        context.err.flush();
        return false;
    }
    bool alarm = false;
    for (const QJsonObject &event : result.events) {
        context.err << event.value(QStringLiteral("text")).toString() << '\n';
        const QJsonObject alert = event.value(QStringLiteral("alert")).toObject();
        alarm =
            alarm || (event.value(QStringLiteral("event")).toString() != u"closed" &&
                      severityIndex(alert.value(QStringLiteral("severity")).toString()) >= failOn);
    }
    for (const QString &failure : result.report.failures)
        context.err << "Detector failed: " << failure << '\n';
    failed = !result.report.failures.isEmpty();
    context.out << "Watched " << result.windowStart.toString(Qt::ISODate) << " to "
                << result.windowEnd.toString(Qt::ISODate) << ": " << result.events.size()
                << (result.events.size() == 1 ? " alert change" : " alert changes") << ".\n";
    context.out.flush();
    context.err.flush();
    return alarm;
}

} // namespace

int runWatchCommand(CliContext &context)
{
    QCommandLineParser parser;
    context.addDatabaseOption(parser);
    parser.addOption({QStringLiteral("connection"),
                      QStringLiteral("A connection saved in the console, by name, instead of "
                                     "--db (its password from ~/.pgpass or PGPASSWORD)."),
                      QStringLiteral("NAME")});
    const SchemaProfileOption schemaProfile(
        parser, QStringLiteral("Schema profile JSON of the database (default: the demo's)."));
    parser.addOption({QStringLiteral("every"),
                      QStringLiteral("Time between runs, at least a minute (default 15m). The "
                                     "first run looks back this far."),
                      QStringLiteral("DURATION"), QStringLiteral("15m")});
    parser.addOption({QStringLiteral("once"),
                      QStringLiteral("One run, then exit (for cron or the systemd timer).")});
    parser.addOption({QStringLiteral("fail-on"),
                      QStringLiteral("Exit with status 3 when an alert at or above this severity "
                                     "was opened or grew (info, low, medium, high, critical)."),
                      QStringLiteral("SEVERITY")});
    parser.addOption({QStringLiteral("alert-on"),
                      QStringLiteral("Findings below this severity raise no alert (default "
                                     "medium)."),
                      QStringLiteral("SEVERITY")});
    parser.addOption({QStringLiteral("webhook"),
                      QStringLiteral("POST every alert change to this http(s) URL as JSON "
                                     "(docs/WATCH.md); its secret from PAYOPS_WEBHOOK_SECRET, else "
                                     "the keychain."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("store-webhook-secret"),
                      QStringLiteral("Read the webhook receiver's secret from standard input, "
                                     "store it in your keychain, and exit.")});
    parser.addOption({QStringLiteral("detector"),
                      QStringLiteral("Watch only this detector (repeatable)."),
                      QStringLiteral("NAME")});
    int exitCode = ExitOk;
    if (!context.parse(parser,
                       QStringLiteral("payops watch: scan the window since the last run, keep "
                                      "one alert per incident in the payops schema, and tell "
                                      "standard error and a webhook when one opens, grows or "
                                      "ends. Runs as a login with the watcher role."),
                       exitCode) ||
        !schemaProfile.check(context, exitCode))
        return exitCode;
    if (parser.isSet(QStringLiteral("store-webhook-secret"))) {
        const QString secret = QTextStream(stdin).readLine().trimmed();
        if (secret.isEmpty()) {
            context.err << "--store-webhook-secret reads the secret from standard input, and "
                           "got none; nothing was stored. Example: payops watch "
                           "--store-webhook-secret < secret.txt\n";
            return ExitUsage;
        }
        writeToKeychain(kWebhookSecretName, secret);
        context.err << "The webhook secret is in your keychain as " << kWebhookSecretName
                    << "; payops watch signs deliveries with it unless PAYOPS_WEBHOOK_SECRET "
                       "is set.\n";
        return ExitOk;
    }
    payops::watch::WatchOptions options;
    int failOn = int(kSeverities.size());
    if (const QString problem = readOptions(parser, options, failOn); !problem.isEmpty()) {
        context.err << problem << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("connection")) && parser.isSet(QStringLiteral("db"))) {
        context.err << "Give --db or --connection, not both.\n";
        return ExitUsage;
    }
    const payops::schema::SchemaProfile profile = schemaProfile.load();
    const payops::ConnectionProfile connection =
        parser.isSet(QStringLiteral("connection"))
            ? savedConnection(parser.value(QStringLiteral("connection")))
            : context.databaseFrom(parser);
    QByteArray secret = payops::watch::webhookSecretFromEnvironment();
    if (secret.isEmpty() && options.webhook.isValid()) {
        // Not in the environment: the keychain, where an unlocked one exists.
        QString problem;
        secret = readFromKeychainIfThere(kWebhookSecretName, &problem).toUtf8();
        if (secret.isEmpty())
            context.err << "No webhook secret in PAYOPS_WEBHOOK_SECRET or the keychain"
                        << (problem.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(problem))
                        << ": deliveries are unsigned.\n";
    }
    const auto log = [&context](const QString &line) {
        context.err << line << '\n';
        context.err.flush();
    };

    if (parser.isSet(QStringLiteral("once"))) {
        bool failed = false;
        const bool alarm = runOnce(context, connection, profile, options, failOn, failed);
        // What is due now, this one run's alerts and earlier ones' retries;
        // what fails waits for the next run.
        payops::watch::deliverDueOnce(connection, QString(), secret, kDeliveryTimeoutMs, log);
        return failed ? ExitFailure : alarm ? ExitFindings : ExitOk;
    }

    cancelOnInterrupt();
    // Deliveries run beside the scans, on a thread and a connection of their own.
    std::atomic_bool stop{false};
    std::unique_ptr<QThread> deliverer(QThread::create([&] {
        payops::watch::deliverUntilStopped(connection, QString(), secret, kDeliveryTimeoutMs, stop,
                                           log);
    }));
    deliverer->start();
    bool alarm = false;
    for (bool first = true; !wasInterrupted(); first = false) {
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        try {
            bool failed = false;
            alarm = runOnce(context, connection, profile, options, failOn, failed) || alarm;
        } catch (const std::exception &error) {
            // A first run that fails is a set-up to fix (no schema, no
            // role): said once. Later the database may come back; the
            // journal says why a run failed.
            if (first) {
                stop = true;
                deliverer->wait();
                throw;
            }
            const auto *userError = dynamic_cast<const payops::UserError *>(&error);
            log(QStringLiteral("This watch run failed: %1")
                    .arg(userError ? userError->message() : QString::fromUtf8(error.what())));
        }
        const qint64 next = started + qint64(options.intervalSeconds) * 1000;
        while (!wasInterrupted() && QDateTime::currentMSecsSinceEpoch() < next)
            QThread::msleep(100);
    }
    stop = true;
    deliverer->wait();
    return alarm ? ExitFindings : ExitOk;
}
