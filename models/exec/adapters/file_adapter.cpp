#include "exec/adapters/file_adapter.h"

#include "core/user_error.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

namespace payops::exec {

namespace {

const QByteArray kHandoverHeader = "reference,operation,payment,amount_minor,currency,description";

// One CSV field, quoted when it must be.
QString csvField(QString value)
{
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n')) {
        value.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return u'"' + value + u'"';
    }
    return value;
}

// Splits one CSV line (quotes as csvField writes them).
QStringList csvFields(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

} // namespace

FileAdapter::FileAdapter(const Settings &settings)
    : m_settings(settings)
{
}

QString FileAdapter::describe() const
{
    return QStringLiteral("hand-over files for %1 in %2 (%3)")
        .arg(m_settings.acquirer, m_settings.handoverDir, m_settings.environment);
}

void FileAdapter::checkAccess()
{
    const QDir dir(m_settings.handoverDir);
    if (!dir.exists() || !QFileInfo(m_settings.handoverDir).isWritable())
        throw UserError(
            QStringLiteral("The hand-over directory %1 is not a directory this user may write.")
                .arg(m_settings.handoverDir),
            QStringLiteral("Create it, or give another with --handover-dir; nothing was sent."));
}

QVector<ProviderAnswer> FileAdapter::send(const QVector<ProviderItem> &items)
{
    QVector<ProviderAnswer> answers;
    if (items.isEmpty())
        return answers;
    // One file a chunk, named so that the acquirer and the operator can
    // tell them apart and in order; written whole or not at all.
    const QString name =
        QStringLiteral("payops-%1-%2-%3.csv")
            .arg(m_settings.acquirer, items.first().key,
                 QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmsszzz")));
    QSaveFile file(QDir(m_settings.handoverDir).filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        throw UserError(QStringLiteral("Could not write %1.").arg(file.fileName()),
                        QStringLiteral("The items stay sending and are looked up on the next "
                                       "run; check the directory."));
    QTextStream out(&file);
    out << kHandoverHeader << '\n';
    for (const ProviderItem &item : items)
        out << csvField(item.key) << ',' << csvField(item.operation) << ','
            << csvField(item.payment) << ',' << item.amountMinor << ',' << csvField(item.currency)
            << ',' << csvField(item.description) << '\n';
    out.flush();
    if (!file.commit())
        throw UserError(QStringLiteral("Could not write %1.").arg(file.fileName()),
                        QStringLiteral("The items stay sending and are looked up on the next "
                                       "run; check the disk."));
    m_lastFile = file.fileName();
    for (const ProviderItem &item : items) {
        ProviderAnswer a;
        a.itemNo = item.itemNo;
        a.reason = QStringLiteral("handed_over");
        a.detail = QStringLiteral("handed over to %1 in %2").arg(m_settings.acquirer, name);
        answers << a;
    }
    return answers;
}

QStringList FileAdapter::handedOverKeys() const
{
    QStringList keys;
    const QDir dir(m_settings.handoverDir);
    for (const QString &name :
         dir.entryList({QStringLiteral("payops-%1-*.csv").arg(m_settings.acquirer)}, QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        file.readLine(); // the header
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (!line.isEmpty())
                keys << csvFields(line).value(0);
        }
    }
    return keys;
}

QVector<ProviderAnswer> FileAdapter::lookUp(const QVector<ProviderItem> &items)
{
    const QStringList handed = handedOverKeys();
    const QSet<QString> handedSet(handed.cbegin(), handed.cend());
    QVector<ProviderAnswer> answers;
    for (const ProviderItem &item : items) {
        ProviderAnswer a;
        a.itemNo = item.itemNo;
        if (m_results.contains(item.key)) {
            const Result &r = m_results[item.key];
            a.outcome =
                r.succeeded ? ProviderAnswer::Outcome::Succeeded : ProviderAnswer::Outcome::Failed;
            a.reference = r.providerReference;
            a.reason = r.reason;
            a.detail = QStringLiteral("as %1's result file says").arg(m_settings.acquirer);
        } else if (!handedSet.contains(item.key)) {
            // In no hand-over file: it never left the console.
            a.outcome = ProviderAnswer::Outcome::Absent;
            a.reason = QStringLiteral("not_handed_over");
        } else {
            a.reason = QStringLiteral("handed_over");
            a.detail = QStringLiteral("handed over to %1; no result yet").arg(m_settings.acquirer);
        }
        answers << a;
    }
    return answers;
}

ResultFile readResultFile(const QString &path, const QHash<QString, ExpectedItem> &expected)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(QStringLiteral("Could not read the result file %1.").arg(path),
                        QStringLiteral("Check the path; nothing was imported."));
    const QString header = QString::fromUtf8(file.readLine()).trimmed();
    if (header != u"reference,status,amount_minor,currency,provider_reference,reason")
        throw UserError(
            QStringLiteral("%1 does not start with the result header "
                           "(reference,status,amount_minor,currency,provider_reference,reason).")
                .arg(path),
            QStringLiteral(
                "Give the acquirer's result file for this batch; nothing was imported."));
    ResultFile read;
    QHash<QString, int> seen;
    QHash<QString, FileAdapter::Result> lines;
    int lineNo = 1;
    while (!file.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList f = csvFields(line);
        bool amountOk = false;
        const qint64 amount = f.value(2).toLongLong(&amountOk);
        const QString status = f.value(1);
        if (f.size() != 6 || !amountOk || (status != u"succeeded" && status != u"failed")) {
            read.problems
                << QStringLiteral("line %1: unreadable (%2)").arg(lineNo).arg(line.left(80));
            continue;
        }
        const QString key = f.value(0);
        if (!expected.contains(key)) {
            read.problems
                << QStringLiteral("line %1: %2 matches no item of the batch").arg(lineNo).arg(key);
            continue;
        }
        ++seen[key];
        const ExpectedItem &want = expected[key];
        if (amount != want.amountMinor || f.value(3) != want.currency) {
            read.problems << QStringLiteral("line %1: %2 says %3 %4, the item is %5 %6")
                                 .arg(lineNo)
                                 .arg(key, QString::number(amount), f.value(3),
                                      QString::number(want.amountMinor), want.currency);
            seen[key] = 1000; // never applied
            continue;
        }
        lines.insert(key, {status == u"succeeded", amount, f.value(3), f.value(4), f.value(5)});
    }
    for (auto it = lines.cbegin(); it != lines.cend(); ++it) {
        if (seen.value(it.key()) == 1)
            read.results.insert(it.key(), it.value());
        else if (seen.value(it.key()) < 1000)
            read.problems << QStringLiteral("%1 is in the result file %2 times: not applied")
                                 .arg(it.key())
                                 .arg(seen.value(it.key()));
    }
    read.problems.sort();
    return read;
}

} // namespace payops::exec
