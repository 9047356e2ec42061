#include "items/csv_export.h"

#include "core/result_table.h"
#include "core/user_error.h"
#include "db/session.h"
#include "items/csv_writer.h"

#include <QSaveFile>

namespace payops {

qint64 exportQueryToCsv(db::Session &session, const QString &sql, const QString &path)
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
    CsvWriter csv(file);
    csv.writeRow(header.columns);
    qint64 rows = 0;
    session.copyOut(base, [&](const QStringList &fields) {
        csv.writeRow(fields);
        ++rows;
    });
    if (!file.commit())
        throw UserError(
            QStringLiteral("Could not finish writing %1: %2.").arg(path, file.errorString()),
            QStringLiteral("Check the free space and try again."));
    return rows;
}

} // namespace payops
