#pragma once

#include <QHash>
#include <QString>

namespace payops::diff {

// The statement resources/sql/diff/NAME.sql, e.g. diffSql("key_bounds"),
// with its {placeholders} filled by db::renderSql from fragments
// already quoted (names through db::quoteIdent; values stay bound
// parameters). Throws UserError when the build lacks the file.
// Through the shared loader: db::sqlResource("diff/NAME").
QString diffSql(const QString &name, const QHash<QString, QString> &fragments = {});

} // namespace payops::diff
