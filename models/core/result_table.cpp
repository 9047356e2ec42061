#include "core/result_table.h"

#include "core/user_error.h"

namespace payops {

int ResultTable::column(const QString &name) const
{
    const qsizetype index = columns.indexOf(name);
    if (index < 0)
        throw UserError(
            QStringLiteral("The query's result has no column \"%1\" (it has: %2).")
                .arg(name, columns.isEmpty() ? QStringLiteral("none") : columns.join(u", ")),
            QStringLiteral("The program and its SQL files do not match: rebuild the console."));
    return int(index);
}

QString ResultTable::value(int row, const QString &column) const
{
    const int index = this->column(column);
    return rows.value(row).value(index);
}

} // namespace payops
