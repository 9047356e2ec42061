#pragma once

#include <QHash>
#include <QString>

namespace payops::diff {

// The statement resources/sql/diff/NAME.sql, e.g. diffSql("key_bounds"),
// with its {placeholders} filled by schema::renderSql from fragments
// already quoted (names through schema::quoteIdent; values stay bound
// parameters). Throws UserError when the build lacks the file.
//
// To be replaced by the shared SQL loader of models/db
// (sqlResource("diff/NAME")) once it lands: this is its stand-in, kept to
// one function so that the swap touches only diff_sql.cpp.
QString diffSql(const QString &name, const QHash<QString, QString> &fragments = {});

} // namespace payops::diff
