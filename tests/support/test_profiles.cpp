#include "support/test_profiles.h"

#include <QFile>

#include <stdexcept>

namespace payops::test {

QByteArray shopProfileJson()
{
    QFile file(QStringLiteral(":/test/profiles/shop.json"));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("tests/support/profiles/shop.json is missing from the build");
    return file.readAll();
}

QByteArray invoicingProfileJson()
{
    QFile file(QStringLiteral(":/test/profiles/invoicing.json"));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("tests/support/profiles/invoicing.json is missing from the build");
    return file.readAll();
}

} // namespace payops::test
