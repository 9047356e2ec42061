#include "outreach/mail_merge.h"

#include "items/csv_writer.h"
#include "outreach/impact.h"
#include "outreach/status_words.h"

#include <QBuffer>

namespace payops::outreach {

QByteArray mailMergeCsv(const QVector<MergeRow> &rows)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer);
    csv.writeRow({QStringLiteral("account"), QStringLiteral("name"), QStringLiteral("email"),
                  QStringLiteral("phone"), QStringLiteral("status"), QStringLiteral("amount"),
                  QStringLiteral("recoverable"), QStringLiteral("subject"),
                  QStringLiteral("body")});
    for (const MergeRow &row : rows) {
        const Impact impact = readImpact(row.person.impact);
        csv.writeRow({row.person.account, row.person.name, row.person.email, row.person.phone,
                      statusWords(row.person.status), amountsText(impact.amounts),
                      impact.recoverable ? impact.recoverable->toDisplayString() : QString(),
                      row.message.subject, row.message.body});
    }
    return bytes;
}

} // namespace payops::outreach
