#include "demo/demo_provider.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <signal.h>

namespace payops::demo {

namespace {

constexpr const char *kProgram = "payops-demo-provider";

QString program()
{
    const QString besideUs =
        QDir(QCoreApplication::applicationDirPath()).filePath(QLatin1String(kProgram));
    if (QFile::exists(besideUs))
        return besideUs;
    return QStandardPaths::findExecutable(QLatin1String(kProgram));
}

} // namespace

DemoProvider::DemoProvider(const QString &stateDir)
    : m_stateDir(stateDir)
{
}

QUrl DemoProvider::url() const
{
    // 20000-39999, from the state directory: stable for one demo.
    const quint16 port = quint16(20000 + qHash(m_stateDir) % 20000);
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

QString DemoProvider::key()
{
    return QStringLiteral("sk_demo_payops");
}

QString DemoProvider::pidFile() const
{
    return QDir(m_stateDir).filePath(QStringLiteral("provider.pid"));
}

qint64 DemoProvider::runningPid() const
{
    QFile file(pidFile());
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const qint64 pid = file.readAll().trimmed().toLongLong();
    // The process under that pid is ours only while its program is ours.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (pid <= 0 || !cmdline.open(QIODevice::ReadOnly) || !cmdline.readAll().contains(kProgram))
        return 0;
    return pid;
}

bool DemoProvider::isRunning() const
{
    return runningPid() != 0;
}

void DemoProvider::start(const Log &log)
{
    if (isRunning()) {
        log(QStringLiteral("The demo's payment provider runs at %1").arg(url().toString()));
        return;
    }
    const QString path = program();
    if (path.isEmpty()) {
        log(QStringLiteral("No %1 beside payops: the demo's provider batches need a provider of "
                           "your own (payops allow-money --destination)")
                .arg(QLatin1String(kProgram)));
        return;
    }
    QProcess process;
    process.setProgram(path);
    process.setArguments(
        {QStringLiteral("--port"), QString::number(url().port()), QStringLiteral("--key"), key()});
    // Its output goes to a file: a detached child holding our pipes would
    // keep whoever reads them (ctest, a shell) waiting.
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(QDir(m_stateDir).filePath(QStringLiteral("provider.log")),
                                  QIODevice::Append);
    process.setStandardErrorFile(QDir(m_stateDir).filePath(QStringLiteral("provider.log")),
                                 QIODevice::Append);
    qint64 pid = 0;
    if (!process.startDetached(&pid)) {
        log(QStringLiteral("The demo's payment provider did not start: %1")
                .arg(process.errorString()));
        return;
    }
    QFile file(pidFile());
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QByteArray::number(pid) + '\n');
    log(QStringLiteral("The demo's payment provider listens at %1 (key %2)")
            .arg(url().toString(), key()));
}

void DemoProvider::stop()
{
    const qint64 pid = runningPid();
    if (pid != 0) {
        ::kill(pid_t(pid), SIGTERM);
        for (int i = 0; i < 50 && isRunning(); ++i)
            QThread::msleep(20);
    }
    QFile::remove(pidFile());
}

} // namespace payops::demo
