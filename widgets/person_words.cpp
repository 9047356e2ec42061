#include "person_words.h"

#include <QObject>

namespace payops {

QString personOfRole(const QString &consoleRole)
{
    if (consoleRole == u"operator")
        return QObject::tr("on-call engineer");
    if (consoleRole == u"support")
        return QObject::tr("support agent");
    if (consoleRole == u"approver")
        return QObject::tr("finance");
    if (consoleRole == u"viewer")
        return QObject::tr("viewer (reads only)");
    return QObject::tr("no console role (reads only)");
}

QString startOfRole(const QString &consoleRole)
{
    if (consoleRole == u"support")
        return QObject::tr("the people to contact (Customers)");
    if (consoleRole == u"approver")
        return QObject::tr("the batches waiting for your approval (Approvals)");
    return QObject::tr("the overview of what the scan found (Overview)");
}

QStringList demoLogins()
{
    return {QStringLiteral("oncall"), QStringLiteral("support"), QStringLiteral("finance")};
}

QString demoLoginRole(const QString &login)
{
    if (login == u"oncall")
        return QStringLiteral("operator");
    if (login == u"finance")
        return QStringLiteral("approver");
    return QStringLiteral("support");
}

} // namespace payops
