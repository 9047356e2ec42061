#pragma once

#include "exec/adapters/provider_adapter.h"

#include <QHash>
#include <QStringList>

namespace payops::exec {

// An acquirer or bank that takes a batch file and later returns a result
// file (how the 10,000 reversals of incident 3 went). send() writes the
// items as one hand-over file (CSV, one line per item, the idempotency key
// as the reference), flushed to disk before it returns: they are then
// handed over, not yet done. lookUp() answers from the imported result
// file: succeeded or failed as it says; an item in no hand-over file never
// left the console (Absent); anything else is still Unknown.
class FileAdapter : public ProviderAdapter
{
public:
    struct Settings
    {
        QString handoverDir; // where hand-over files are written, and found again
        QString environment;
        QString acquirer;    // named in the files and to the operator
        QString destination; // its registered name
    };
    // One line of a result file, checked against the batch.
    struct Result
    {
        bool succeeded = false;
        qint64 amountMinor = 0;
        QString currency;
        QString providerReference;
        QString reason;
    };

    explicit FileAdapter(const Settings &settings);

    // Results checked by readResultFile(): only these are ever applied.
    void setResults(const QHash<QString, Result> &results) { m_results = results; }

    QString describe() const override;
    QString environment() const override { return m_settings.environment; }
    QString destination() const override { return m_settings.destination; }
    void checkAccess() override;
    QVector<ProviderAnswer> send(const QVector<ProviderItem> &items) override;
    QVector<ProviderAnswer> lookUp(const QVector<ProviderItem> &items) override;

    // The keys in every hand-over file of the directory.
    QStringList handedOverKeys() const;
    QString lastHandoverFile() const { return m_lastFile; }

private:
    Settings m_settings;
    QHash<QString, Result> m_results;
    QString m_lastFile;
};

// A result file read against the batch's items (key -> amount, currency):
// the lines to apply, and the ones never applied, each with why (no such
// item, the item twice, another amount or currency, unreadable).
struct ResultFile
{
    QHash<QString, FileAdapter::Result> results;
    QStringList problems;
};
struct ExpectedItem
{
    qint64 amountMinor = 0;
    QString currency;
};
ResultFile readResultFile(const QString &path, const QHash<QString, ExpectedItem> &expected);

} // namespace payops::exec
