#include "core/server_route.h"

namespace payops {

QString ServerRoute::words() const
{
    QString text;
    if (investigation.isStandby)
        text =
            QStringLiteral("investigation on the %1 at %2").arg(lag.words(), investigation.address);
    else
        text = QStringLiteral("investigation on the primary at %1").arg(investigation.address);
    if (primary)
        text += QStringLiteral("; records on the primary at %1").arg(primary->address);
    else if (!primaryProblem.isEmpty())
        text += QStringLiteral("; no primary for records: %1").arg(primaryProblem);
    return text;
}

} // namespace payops
