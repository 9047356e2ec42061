#pragma once

#include <QString>

namespace payops {

// Which database this is, as the payops schema binds batches to it: the
// cluster's system identifier (a physical copy keeps it), the database's
// name, and the installation id the payops schema stamped (a pg_dump copies
// it). Only the three together tell one database from its copies.
struct DatabaseBinding
{
    QString systemIdentifier;
    QString database;
    QString installId;

    bool isComplete() const
    {
        return !systemIdentifier.isEmpty() && !database.isEmpty() && !installId.isEmpty();
    }
};

} // namespace payops
