#pragma once

#include <QString>

namespace payops::detect {

// The text of a detector query shipped in resources/sql/detect/, e.g.
// sqlResource("orphans"). Throws UserError when the build lacks it.
QString sqlResource(const QString &name);

} // namespace payops::detect
