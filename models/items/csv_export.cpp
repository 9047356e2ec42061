#include "items/csv_export.h"

#include "core/money.h"
#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "items/csv_writer.h"

#include <QSaveFile>

namespace payops {

qint64 exportQueryToCsv(db::Session &session, const QString &sql, const QString &path,
                        CsvAmounts amounts)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw UserError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()),
                        QStringLiteral("Choose another file or folder."));
    QString base = sql.trimmed();
    while (base.endsWith(QLatin1Char(';')))
        base.chop(1);
    // Column names come from a zero-row run of the same query.
    const ResultTable header =
        session.query(QStringLiteral("SELECT * FROM (\n%1\n) AS q LIMIT 0").arg(base));
    const int currency = int(header.columns.indexOf(QStringLiteral("currency")));
    QList<int> money;
    QStringList names = header.columns;
    for (int c = 0; c < names.size(); ++c) {
        if (!names[c].endsWith(QStringLiteral("_minor")) || currency < 0)
            continue;
        money << c;
        names[c] = amounts == CsvAmounts::MinorUnits ? names[c] + QStringLiteral(" (minor units)")
                                                     : names[c].chopped(6);
    }
    CsvWriter csv(file);
    csv.writeRow(names);
    qint64 rows = 0;
    session.copyOut(base, [&](const QStringList &fields) {
        if (amounts == CsvAmounts::MinorUnits || money.isEmpty()) {
            csv.writeRow(fields);
        } else {
            QStringList shown = fields;
            for (int c : money) {
                bool ok = false;
                const qlonglong minor = shown[c].toLongLong(&ok);
                if (ok)
                    shown[c] = Money{minor, shown[currency]}.toDecimalString();
            }
            csv.writeRow(shown);
        }
        ++rows;
    });
    if (!file.commit())
        throw UserError(
            QStringLiteral("Could not finish writing %1: %2.").arg(path, file.errorString()),
            QStringLiteral("Check the free space and try again."));
    return rows;
}

QString csvFileNameFor(const QString &title)
{
    QString name;
    for (const QChar c : title.toLower()) {
        if (c.isLetterOrNumber())
            name += c;
        else if (!name.isEmpty() && !name.endsWith(QLatin1Char('-')))
            name += QLatin1Char('-');
    }
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    return (name.isEmpty() ? QStringLiteral("payops-rows") : name.left(80)) +
           QStringLiteral(".csv");
}

} // namespace payops
